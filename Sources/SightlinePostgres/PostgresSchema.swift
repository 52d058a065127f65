import PostgresNIO

/// The versioned schema of the PostgreSQL store, applied in order at start; each version runs
/// once, in its own transaction, recorded in `sightline_migrations`.
///
/// Reads are partitioned by UTC day (`day`, `yyyymmdd`, list partitioning) so that retention drops
/// whole tables. Each read's OCR candidate readings and images live in tables partitioned the same
/// way, keyed by the read's `(day, id)`.
///
/// For Citus: distribute `reads`, `read_candidates` and `read_images` by `id` (co-located, so a
/// read and its candidates and images share a shard; every primary key contains `id`), and make
/// `sightline_migrations` a reference table. Plate, camera and folded-plate lookups then fan out
/// to every shard in parallel and each shard answers from its own indexes.
enum PostgresSchema {
    struct Migration {
        var version: Int
        var statements: [String]
    }

    /// Plates are sealed with the day's key (`plate_sealed`), and found by keyed tags of the
    /// plate and of its confusable-folded form (`plate_tag`, `folded_tag`): the server can match
    /// a tag the client computed, never read a plate. Raw text, candidate readings and images
    /// are sealed too. Dropping a day and destroying its key leaves nothing anyone can open.
    static let migrations: [Migration] = [
        Migration(
            version: 1,
            statements: [
                """
                CREATE TABLE reads (
                  day integer NOT NULL,
                  id bigint NOT NULL,
                  plate_tag bytea NOT NULL,
                  folded_tag bytea NOT NULL,
                  plate_sealed bytea NOT NULL,
                  raw bytea,
                  camera text NOT NULL,
                  owner text NOT NULL,
                  t bigint NOT NULL,
                  region text,
                  region_conf double precision,
                  conf double precision NOT NULL,
                  lat double precision NOT NULL,
                  lon double precision NOT NULL,
                  direction smallint,
                  make text, model text, color text, type text,
                  candidates bytea,
                  PRIMARY KEY (day, id)
                ) PARTITION BY LIST (day)
                """,
                "CREATE INDEX reads_plate_t ON reads (plate_tag, t)",
                "CREATE INDEX reads_camera_t ON reads (camera, t)",
                "CREATE INDEX reads_folded ON reads (folded_tag)",
                """
                CREATE TABLE read_candidates (
                  day integer NOT NULL,
                  id bigint NOT NULL,
                  ord smallint NOT NULL,
                  folded_tag bytea NOT NULL,
                  plate_sealed bytea NOT NULL,
                  PRIMARY KEY (day, id, ord)
                ) PARTITION BY LIST (day)
                """,
                "CREATE INDEX read_candidates_folded ON read_candidates (folded_tag)",
                """
                CREATE TABLE read_images (
                  day integer NOT NULL,
                  id bigint NOT NULL,
                  kind smallint NOT NULL,
                  bytes bytea NOT NULL,
                  PRIMARY KEY (day, id, kind)
                ) PARTITION BY LIST (day)
                """,
            ])
    ]

    /// The partitioned tables, parent first in each pair's order of creation.
    static let partitioned = ["reads", "read_candidates", "read_images"]

    static func partitionName(_ table: String, day: Int) -> String { "\(table)_\(day)" }
}
