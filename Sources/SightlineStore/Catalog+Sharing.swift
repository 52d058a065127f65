internal import GRDB
public import SightlineCore

extension Catalog {
    /// Records a grant the data owner issued. Only named recipients exist: there is no group grant.
    public func issue(_ grant: Grant, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(grant.issuer, db)
            try requireAgency(grant.recipient, db)
            try insertUnique(
                db, "INSERT INTO grant_(id, issuer, recipient, body) VALUES (?, ?, ?, ?)",
                [grant.id, grant.issuer.rawValue, grant.recipient.rawValue, try encode(grant)],
                what: "grant \(grant.id)")
            try logChange(
                db, actor, "grant.issue", agency: grant.issuer, subject: "grant \(grant.id)", before: nil, after: grant)
        }
    }

    /// Revokes a grant at once and returns it as revoked.
    public func revokeGrant(_ id: String, by actor: Actor, now: Timestamp = .now) throws -> Grant {
        try pool.write { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM grant_ WHERE id = ?", arguments: [id])
            else {
                throw SightlineError(.notFound, "no grant \(id)")
            }
            let before = try decode(Grant.self, body)
            guard before.revoked == nil else { throw SightlineError(.conflict, "grant \(id) is already revoked") }
            var after = before
            after.revoked = now
            try db.execute(sql: "UPDATE grant_ SET body = ? WHERE id = ?", arguments: [try encode(after), id])
            try logChange(
                db, actor, "grant.revoke", agency: before.issuer, subject: "grant \(id)", before: before, after: after)
            return after
        }
    }

    /// Grants, all or those one owner issued, oldest first.
    public func grants(issuedBy owner: AgencyID? = nil) throws -> [Grant] {
        try bodies(Grant.self, from: "grant_", where: "issuer", is: owner?.rawValue).sorted { $0.start < $1.start }
    }

    public func grant(_ id: String) throws -> Grant? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM grant_ WHERE id = ?", arguments: [id]).map {
                try decode(Grant.self, $0)
            }
        }
    }

    /// Files (or replaces) the declaration a recipient gave a data owner.
    public func file(_ declaration: Declaration, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(declaration.owner, db)
            try requireAgency(declaration.recipient, db)
            let before = try String.fetchOne(
                db, sql: "SELECT body FROM declaration WHERE owner = ? AND recipient = ?",
                arguments: [declaration.owner.rawValue, declaration.recipient.rawValue])
            try db.execute(
                sql: "INSERT OR REPLACE INTO declaration(owner, recipient, body) VALUES (?, ?, ?)",
                arguments: [declaration.owner.rawValue, declaration.recipient.rawValue, try encode(declaration)])
            try logChange(
                db, actor, "declaration.file", agency: declaration.owner,
                subject: "declaration of \(declaration.recipient)", before: before, after: declaration)
        }
    }

    /// Sets an agency's pack choice and tightenings. Whether they loosen the law is checked by
    /// the caller, which holds the packs.
    public func setPolicy(_ policy: AgencyPolicy, for agency: AgencyID, by actor: Actor) throws {
        try pool.write { db in
            try requireAgency(agency, db)
            let before = try String.fetchOne(
                db, sql: "SELECT body FROM agency_policy WHERE agency = ?", arguments: [agency.rawValue])
            try db.execute(
                sql: "INSERT OR REPLACE INTO agency_policy(agency, body) VALUES (?, ?)",
                arguments: [agency.rawValue, try encode(policy)])
            try logChange(
                db, actor, "agency.policy", agency: agency, subject: "policy of \(agency)", before: before,
                after: policy)
        }
    }

    /// Agencies, policies, grants and declarations read in one transaction, so a decision never
    /// sees half of a change.
    public func sharingSnapshot() throws -> (
        agencies: [Agency], policies: [AgencyID: AgencyPolicy], grants: [Grant], declarations: [Declaration]
    ) {
        try pool.read { db in
            let agencies = try String.fetchAll(db, sql: "SELECT body FROM agency ORDER BY id").map {
                try decode(Agency.self, $0)
            }
            var policies: [AgencyID: AgencyPolicy] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT agency, body FROM agency_policy") {
                policies[AgencyID(row[0])] = try decode(AgencyPolicy.self, row[1])
            }
            let grants = try String.fetchAll(db, sql: "SELECT body FROM grant_").map { try decode(Grant.self, $0) }
            let declarations = try String.fetchAll(db, sql: "SELECT body FROM declaration").map {
                try decode(Declaration.self, $0)
            }
            return (agencies, policies, grants, declarations)
        }
    }
}
