-- The sqlite3 shell's part of `claimtrack check` (claimtrack also recomputes every stored status).
PRAGMA integrity_check;
PRAGMA foreign_key_check;
