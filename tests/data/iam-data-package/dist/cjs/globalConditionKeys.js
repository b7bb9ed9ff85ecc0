"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.globalConditionKeys = [
    { key: 'aws:SourceArn', category: 'request', type: 'ARN', description: '' },
    { key: 'aws:PrincipalTag/tag-key', category: 'principal', type: 'String', description: '' }
];
