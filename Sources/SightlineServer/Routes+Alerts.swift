import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
public import SightlineCore
import SightlineStore

struct AlertPage: Codable, Sendable, ResponseEncodable { var deliveries: [AlertDelivery] }

/// A webhook as its agency sees it; `secret` only in the answer that registered it.
struct WebhookView: Codable, Sendable, ResponseEncodable {
    var id: String
    var url: String
    var created: Timestamp
    var revoked: Timestamp?
    var secret: String?
}

struct WebhookPage: Codable, Sendable, ResponseEncodable {
    struct DeadLetter: Codable, Sendable {
        var webhook: String
        var sequence: Int64
        var error: String
    }
    var webhooks: [WebhookView]
    var deadLetters: [DeadLetter]
}

extension Sightline {
    func addAlertRoutes(to v1: RouterGroup<SightlineRequestContext>) {
        // The caller's agency's deliveries after `after` (a sequence number), oldest first; or,
        // with `latest=N`, its newest N (an agency's sequence numbers have no gaps).
        v1.get("alerts") { request, _ -> AlertPage in
            let q = request.uri.queryParameters
            let caller = try caller(request)
            var after = Int64(q["after"].map(String.init) ?? "") ?? 0
            var limit = Int(q["limit"].map(String.init) ?? "") ?? 100
            if let latest = q["latest"].flatMap({ Int(String($0)) }) {
                limit = min(max(latest, 1), 1_000)
                after = max(0, try catalog.latestDelivery(to: caller.user.agency) - Int64(limit))
            }
            return AlertPage(deliveries: try alerts.deliveries(for: caller, after: after, limit: limit))
        }
        // Server-Sent Events: every delivery to the caller's agency from the one after
        // `Last-Event-ID` (or `?after=`), or from now when neither is given, then live.
        v1.get("alerts/stream") { request, _ -> Response in
            let caller = try caller(request)
            let agency = caller.user.agency
            try alerts.requireRecipient(caller)
            let resume =
                request.headers[HTTPField.Name("Last-Event-ID")!]
                ?? request.uri.queryParameters["after"].map(String.init)
            let after: Int64
            if let resume {
                guard let value = Int64(resume), value >= 0 else {
                    throw SightlineError(
                        .invalidField, "Last-Event-ID is a delivery sequence number", field: "Last-Event-ID")
                }
                after = value
            } else {
                after = try catalog.latestDelivery(to: agency)
            }
            // Subscribe before reading the backlog, so that nothing falls between the two.
            let live = alerts.hub.subscribe(agency)
            let catalog = self.catalog
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-store"
            return Response(
                status: .ok, headers: headers,
                body: ResponseBody { writer in
                    var last = after
                    try await writer.write(ByteBuffer(string: "retry: 1000\n: alerts for \(agency) after \(after)\n\n"))
                    while true {
                        let page = try catalog.deliveries(to: agency, after: last, limit: 500)
                        for delivery in page {
                            try await writer.write(try AlertWire.event(delivery))
                            last = delivery.sequence
                        }
                        if page.count < 500 { break }
                    }
                    // A stream never ends by itself; on shutdown it is ended so the server can stop.
                    try await withGracefulShutdownHandler {
                        for await event in live.stream {
                            switch event {
                            case .delivery(let delivery) where delivery.sequence == last + 1:
                                try await writer.write(try AlertWire.event(delivery))
                                last = delivery.sequence
                            case .delivery(let delivery) where delivery.sequence > last + 1:
                                // Batches publish concurrently, so a later alert can arrive first.
                                // An agency's sequence has no gaps and the earlier alert is already
                                // stored, so the gap is sent from the catalog, in order, and the
                                // earlier alert's own event is skipped when it comes.
                                while last < delivery.sequence {
                                    let page = try catalog.deliveries(to: agency, after: last, limit: 500)
                                    guard !page.isEmpty else { break }
                                    for stored in page where stored.sequence <= delivery.sequence {
                                        try await writer.write(try AlertWire.event(stored))
                                        last = stored.sequence
                                    }
                                    if page.last!.sequence >= delivery.sequence { break }
                                }
                            case .delivery:
                                continue
                            case .heartbeat:
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                            }
                        }
                    } onGracefulShutdown: {
                        live.continuation.finish()
                    }
                    try await writer.finish(nil)
                })
        }
        v1.post("alerts/:id/disposition") { request, context -> AlertDelivery in
            struct Body: Decodable {
                var disposition: DispositionKind?
                var action: String?
                var note: String?
            }
            let caller = try caller(request)
            guard let id = Int64(try context.parameters.require("id")) else {
                throw SightlineError(.invalidField, "an alert id is a number", field: "id")
            }
            let body = try await decodeBody(Body.self, request, context)
            guard let kind = body.disposition else {
                throw SightlineError(
                    .invalidField,
                    "disposition is one of \(DispositionKind.allCases.map(\.rawValue).joined(separator: ", "))",
                    field: "disposition")
            }
            return try alerts.dispose(alert: id, as: kind, action: body.action ?? "", note: body.note, by: caller)
        }
        v1.get("webhooks") { request, _ -> WebhookPage in
            let caller = try caller(request)
            try caller.requireAdministrator(of: caller.user.agency, "manage webhooks")
            return WebhookPage(
                webhooks: try catalog.webhooks(of: caller.user.agency).map {
                    WebhookView(id: $0.id, url: $0.url, created: $0.created, revoked: $0.revoked)
                },
                deadLetters: try catalog.deadLetters(of: caller.user.agency).map {
                    .init(webhook: $0.webhook, sequence: $0.sequence, error: $0.error)
                })
        }
        v1.post("webhooks") { request, context in
            struct Body: Decodable { var url: String? }
            let caller = try caller(request)
            let body = try await decodeBody(Body.self, request, context)
            let webhook = try admin.addWebhook(url: body.url, by: caller)
            return try Response.created(
                WebhookView(
                    id: webhook.id, url: webhook.url, created: webhook.created,
                    secret: webhookKeys.secret(for: webhook)), request, context)
        }
        v1.delete("webhooks/:id") { request, context -> HTTPResponse.Status in
            let caller = try caller(request)
            try caller.requireAdministrator(of: caller.user.agency, "manage webhooks")
            try catalog.revokeWebhook(try context.parameters.require("id"), of: caller.user.agency, by: caller.actor)
            return .noContent
        }
    }
}

extension AdminService {
    /// Registers a webhook for the caller's agency's alert deliveries.
    public func addWebhook(url text: String?, by caller: Caller) throws -> Webhook {
        try caller.requireAdministrator(of: caller.user.agency, "manage webhooks")
        guard let text, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme), url.host?.isEmpty == false
        else {
            throw SightlineError(.invalidField, "url is an http or https address", field: "url")
        }
        let webhook = Webhook(
            id: "wh-\(Secret.generate(prefix: "").prefix(12))", agency: caller.user.agency, url: text,
            nonce: String(Secret.generate(prefix: "").prefix(32)), created: .now)
        try catalog.add(webhook, by: caller.actor)
        return webhook
    }
}
