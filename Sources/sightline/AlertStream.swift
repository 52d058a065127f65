import AsyncHTTPClient
import Foundation
import NIOCore
import SightlineCore

/// One Server-Sent Event.
struct ServerSentEvent: Hashable, Sendable {
    var id: String?
    var event: String?
    var data: String
}

/// Splits a Server-Sent Events byte stream into events, as bytes arrive in arbitrary pieces.
struct ServerSentEventParser {
    private var pending: [UInt8] = []

    mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        pending.append(contentsOf: bytes)
        var events: [ServerSentEvent] = []
        while let end = Self.blockEnd(in: pending) {
            let block = String(decoding: pending[..<end.start], as: UTF8.self)
            pending.removeSubrange(..<end.next)
            var event = ServerSentEvent(id: nil, event: nil, data: "")
            var data: [String] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                let line = line.hasSuffix("\r") ? line.dropLast() : line
                if line.isEmpty || line.hasPrefix(":") { continue }
                let (field, value) =
                    line.firstIndex(of: ":").map { colon in
                        let rest = line[line.index(after: colon)...]
                        return (String(line[..<colon]), String(rest.hasPrefix(" ") ? rest.dropFirst() : rest))
                    } ?? (String(line), "")
                switch field {
                case "id": event.id = value
                case "event": event.event = value
                case "data": data.append(value)
                default: continue
                }
            }
            if !data.isEmpty {
                event.data = data.joined(separator: "\n")
                events.append(event)
            }
        }
        return events
    }

    /// Where the first blank line ends a block: its start, and where the next block begins.
    private static func blockEnd(in bytes: [UInt8]) -> (start: Int, next: Int)? {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0A, bytes[i + 1] == 0x0A { return (i, i + 2) }
            if i + 3 < bytes.count, bytes[i] == 0x0D, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x0D, bytes[i + 3] == 0x0A {
                return (i, i + 4)
            }
            i += 1
        }
        return nil
    }
}

/// A live alert subscriber: reads `GET /v1/alerts/stream` and hands each delivery to `handle`
/// until it returns false, the server ends the stream, or the task is cancelled.
struct AlertStreamClient: Sendable {
    var server: String
    var token: String
    var client: HTTPClient = .shared

    /// Streams deliveries after `after` (or from now when nil); returns the last sequence seen.
    @discardableResult
    func stream(
        after: Int64? = nil, handle: (AlertDelivery) async throws -> Bool
    ) async throws -> Int64? {
        var request = HTTPClientRequest(url: server + "/v1/alerts/stream")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let after { request.headers.add(name: "Last-Event-ID", value: String(after)) }
        let response = try await client.execute(request, timeout: .hours(24))
        guard response.status == .ok else {
            let body = try await response.body.collect(upTo: 64 * 1024)
            throw SightlineError(
                .invalidRequest, "the alert stream answered \(response.status.code): \(String(buffer: body))")
        }
        var parser = ServerSentEventParser()
        var last = after
        let decoder = JSONDecoder()
        for try await buffer in response.body {
            for event in parser.feed(buffer.readableBytesView) where event.event == "alert" {
                let delivery = try decoder.decode(AlertDelivery.self, from: Data(event.data.utf8))
                last = delivery.sequence
                if try await !handle(delivery) { return last }
            }
        }
        return last
    }
}
