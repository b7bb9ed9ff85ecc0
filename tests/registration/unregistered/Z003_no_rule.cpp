// Only helpers here; no rule declared.
