"""What is published about the data besides query answers: dump files (dumps, folder) written
in a canonical form (canonical), each named graph's files kept while it is unchanged (parts),
the dataset description in VoID/DCAT (void, facts), the endpoint's service description, and
the README's statistics (stats)."""
