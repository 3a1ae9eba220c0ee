"""List ingestion: one parser per official format, all producing the common
entry model (screening.model.ListEntry) and keeping each raw record; the
curated sample that ships with the project; snapshots and the name index."""
