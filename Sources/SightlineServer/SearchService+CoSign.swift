import Foundation
import SightlineCore
import SightlineStore

/// Co-signature, shared by searches and analytics: an owner whose law wants a supervisor's
/// signature for older reads answers nothing until one approves exactly the request made, and
/// the approval is spent by the one run it covers.
extension SearchService {
    /// An approved co-signature of this user whose fingerprint is the request's.
    func approvedCoSignature(_ id: String, fingerprint: String, by user: User) throws -> CoSignRequest {
        guard let approval = try catalog.coSignRequest(id), approval.requester == user.id else {
            throw SightlineError(.invalidField, "coSignature \(id) is not a request of yours", field: "coSignature")
        }
        guard approval.status == .approved else {
            throw SightlineError(
                .forbidden, "coSignature \(id) is \(approval.status.rawValue), not approved", field: "coSignature")
        }
        guard approval.fingerprint == fingerprint else {
            throw SightlineError(
                .forbidden, "coSignature \(id) approved a different request; run exactly the one approved",
                field: "coSignature")
        }
        return approval
    }

    /// Opens a request for the owners still waiting for a signature, and spends the approval
    /// that was used; both logged as changes.
    func settleCoSignature(
        waiting: [Decision], approval: CoSignRequest?, fingerprint: String, summary: String, by caller: Caller,
        now: Timestamp
    ) throws -> CoSignRequest? {
        var opened: CoSignRequest?
        if !waiting.isEmpty {
            let request = CoSignRequest(
                id: "cs-\(Secret.generate(prefix: "").prefix(12))", requester: caller.user.id,
                agency: caller.user.agency, created: now, fingerprint: fingerprint, summary: summary,
                decisions: waiting)
            try catalog.open(request)
            opened = request
        }
        if var approval {
            approval.status = .used
            try catalog.update(approval, action: "cosign.use", by: caller.actor)
        }
        return opened
    }

    /// A digest of everything in a request but its co-signature, under a label naming what is run.
    static func fingerprint(_ request: some Encodable, label: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return Secret.digest(label + String(decoding: try encoder.encode(request), as: UTF8.self))
    }

    static func fingerprint(_ request: SearchRequest, kind: QueryKind) throws -> String {
        var bare = request
        bare.coSignature = nil
        return try fingerprint(bare, label: kind.rawValue)
    }
}
