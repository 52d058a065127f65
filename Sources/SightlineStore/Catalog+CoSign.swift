internal import GRDB
public import SightlineCore

extension Catalog {
    /// Opens a co-signature request.
    public func open(_ request: CoSignRequest) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO cosign(id, agency, body) VALUES (?, ?, ?)",
                arguments: [request.id, request.agency.rawValue, try encode(request)])
        }
    }

    public func coSignRequest(_ id: String) throws -> CoSignRequest? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT body FROM cosign WHERE id = ?", arguments: [id]).map {
                try decode(CoSignRequest.self, $0)
            }
        }
    }

    /// Pending requests of one agency, oldest first.
    public func pendingCoSignRequests(of agency: AgencyID) throws -> [CoSignRequest] {
        try bodies(CoSignRequest.self, from: "cosign", where: "agency", is: agency.rawValue)
            .filter { $0.status == .pending }.sorted { $0.created < $1.created }
    }

    /// Records a supervisor's decision, or the request's use, with the change logged.
    public func update(_ request: CoSignRequest, action: String, by actor: Actor) throws {
        try pool.write { db in
            guard
                let before = try String.fetchOne(
                    db, sql: "SELECT body FROM cosign WHERE id = ?", arguments: [request.id])
            else { throw SightlineError(.notFound, "no co-signature request \(request.id)") }
            try db.execute(
                sql: "UPDATE cosign SET body = ? WHERE id = ?", arguments: [try encode(request), request.id])
            try logChange(
                db, actor, action, agency: request.agency, subject: "co-signature \(request.id)", before: before,
                after: request)
        }
    }
}
