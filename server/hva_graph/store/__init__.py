"""Where queries are answered: a QueryJob in, an Outcome out (results), on an embedded
pyoxigraph store (embedded) in killable query processes (pool; their side is zygote, and what
they need from the kernel is processes), on a store on disk (disk), or on a remote SPARQL engine
(remote; its start-up checks in remote_start, each engine's quirks in engines, publishing checked
data into one in push); backends chooses one from the settings. Nothing here reads the data files
or knows how they were checked: that is knowledge/."""
