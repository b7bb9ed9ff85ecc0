extern const Rule kZ002Unlisted{
    .id = "Z002",
};
