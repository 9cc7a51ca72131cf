"""The contributors' tool ``tilskudd``: new files, checks, statistics and the import from the Word form."""
