internal import GRDB

extension Catalog {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE agency(id TEXT PRIMARY KEY, body TEXT NOT NULL);
                    CREATE TABLE camera(id TEXT PRIMARY KEY, owner TEXT NOT NULL REFERENCES agency(id), body TEXT NOT NULL);
                    CREATE INDEX camera_owner ON camera(owner);
                    CREATE TABLE device_key(digest TEXT PRIMARY KEY, camera TEXT NOT NULL REFERENCES camera(id),
                                            created INTEGER NOT NULL, revoked INTEGER);
                    CREATE TABLE user(id TEXT PRIMARY KEY, agency TEXT NOT NULL REFERENCES agency(id), body TEXT NOT NULL);
                    CREATE TABLE user_token(digest TEXT PRIMARY KEY, user TEXT NOT NULL REFERENCES user(id),
                                            created INTEGER NOT NULL, revoked INTEGER);
                    CREATE TABLE log(idx INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL,
                                     agency TEXT NOT NULL, on_behalf_of TEXT NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX log_agency ON log(agency, idx);
                    CREATE TRIGGER log_no_update BEFORE UPDATE ON log
                      BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
                    CREATE TRIGGER log_no_delete BEFORE DELETE ON log
                      BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v2: sharing, roles, co-signature, identity") { db in
            try db.execute(
                sql: """
                    ALTER TABLE log ADD COLUMN subject TEXT;
                    CREATE INDEX log_subject ON log(subject, idx);
                    UPDATE user SET body = json_set(body, '$.role', 'investigator')
                      WHERE json_extract(body, '$.role') IS NULL;
                    CREATE TABLE grant_(id TEXT PRIMARY KEY, issuer TEXT NOT NULL, recipient TEXT NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX grant_issuer ON grant_(issuer);
                    CREATE TABLE declaration(owner TEXT NOT NULL, recipient TEXT NOT NULL, body TEXT NOT NULL,
                                             PRIMARY KEY(owner, recipient));
                    CREATE TABLE agency_policy(agency TEXT PRIMARY KEY REFERENCES agency(id), body TEXT NOT NULL);
                    CREATE TABLE cosign(id TEXT PRIMARY KEY, agency TEXT NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE credential(user TEXT PRIMARY KEY REFERENCES user(id), password TEXT NOT NULL,
                                            totp_secret TEXT NOT NULL, last_totp_step INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE login_failure(user TEXT NOT NULL, time INTEGER NOT NULL);
                    CREATE TABLE lockout(user TEXT PRIMARY KEY, time INTEGER NOT NULL);
                    ALTER TABLE user_token ADD COLUMN kind TEXT NOT NULL DEFAULT 'api';
                    ALTER TABLE user_token ADD COLUMN scopes TEXT;
                    ALTER TABLE user_token ADD COLUMN last_used INTEGER;
                    ALTER TABLE user_token ADD COLUMN expires INTEGER;
                    """)
        }
        migrator.registerMigration("v3: Merkle tree and checkpoints over the log") { db in
            try db.execute(
                sql: """
                    CREATE TABLE merkle(level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL,
                                        PRIMARY KEY(level, idx)) WITHOUT ROWID;
                    CREATE TABLE checkpoint(size INTEGER PRIMARY KEY, time INTEGER NOT NULL, note TEXT NOT NULL);
                    """)
            // Entries written before the tree existed join it in their order, unchanged.
            let bodies = try Row.fetchCursor(db, sql: "SELECT idx, body FROM log ORDER BY idx")
            while let row = try bodies.next() {
                try Catalog.addLeaf(index: row[0], entry: row[1], db: db)
            }
            try db.execute(
                sql: """
                    CREATE TRIGGER merkle_no_update BEFORE UPDATE ON merkle
                      BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
                    CREATE TRIGGER merkle_no_delete BEFORE DELETE ON merkle
                      BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v4: hot lists") { db in
            try db.execute(
                sql: """
                    CREATE TABLE hotlist(owner TEXT NOT NULL REFERENCES agency(id), name TEXT NOT NULL,
                                         format TEXT NOT NULL, updated INTEGER NOT NULL, PRIMARY KEY(owner, name));
                    CREATE TABLE hotlist_entry(owner TEXT NOT NULL, name TEXT NOT NULL, plate TEXT NOT NULL,
                                               body TEXT NOT NULL);
                    CREATE INDEX hotlist_entry_list ON hotlist_entry(owner, name);
                    """)
        }
        migrator.registerMigration("v5: alerts, dispositions and webhooks") { db in
            try db.execute(
                sql: """
                    ALTER TABLE hotlist ADD COLUMN audience TEXT NOT NULL DEFAULT 'shared';
                    CREATE TABLE alert(id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL,
                                       camera_owner TEXT NOT NULL, list_owner TEXT NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE alert_delivery(seq INTEGER PRIMARY KEY AUTOINCREMENT,
                                                alert INTEGER NOT NULL REFERENCES alert(id),
                                                agency TEXT NOT NULL, body TEXT NOT NULL, UNIQUE(alert, agency));
                    CREATE INDEX alert_delivery_agency ON alert_delivery(agency, seq);
                    CREATE TABLE alert_disposition(alert INTEGER NOT NULL REFERENCES alert(id), agency TEXT NOT NULL,
                                                   time INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX alert_disposition_alert ON alert_disposition(alert);
                    CREATE TABLE webhook(id TEXT PRIMARY KEY, agency TEXT NOT NULL REFERENCES agency(id),
                                         url TEXT NOT NULL, nonce TEXT NOT NULL, created INTEGER NOT NULL,
                                         revoked INTEGER);
                    CREATE TABLE webhook_outbox(webhook TEXT NOT NULL REFERENCES webhook(id), seq INTEGER NOT NULL,
                                                state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                                                next_attempt INTEGER NOT NULL, last_error TEXT,
                                                PRIMARY KEY(webhook, seq));
                    CREATE INDEX webhook_outbox_due ON webhook_outbox(state, next_attempt);
                    """)
        }
        migrator.registerMigration("v6: legal holds") { db in
            try db.execute(
                sql: """
                    CREATE TABLE hold(id TEXT PRIMARY KEY, agency TEXT NOT NULL REFERENCES agency(id),
                                      body TEXT NOT NULL);
                    CREATE INDEX hold_agency ON hold(agency);
                    """)
        }
        return migrator
    }
}
