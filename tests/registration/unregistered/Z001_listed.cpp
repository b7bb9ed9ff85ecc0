extern const Rule kZ001Listed{
    .id = "Z001",
};
