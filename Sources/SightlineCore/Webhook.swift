/// An agency's HTTP endpoint for its alert deliveries. Each POST is signed with HMAC-SHA256 under
/// a secret derived from the server's key and the webhook's nonce, so the catalog holds no secret.
public struct Webhook: Hashable, Sendable, Codable, Identifiable {
    public var id: String
    public var agency: AgencyID
    public var url: String
    /// Random and not secret on its own; with the server's key it gives the signing secret.
    public var nonce: String
    public var created: Timestamp
    public var revoked: Timestamp?

    public init(id: String, agency: AgencyID, url: String, nonce: String, created: Timestamp, revoked: Timestamp? = nil)
    {
        self.id = id
        self.agency = agency
        self.url = url
        self.nonce = nonce
        self.created = created
        self.revoked = revoked
    }
}

/// One delivery waiting for, or done with, one webhook.
public struct WebhookAttempt: Hashable, Sendable {
    public var webhook: Webhook
    public var delivery: AlertDelivery
    /// Attempts made before this one.
    public var attempts: Int

    public init(webhook: Webhook, delivery: AlertDelivery, attempts: Int) {
        self.webhook = webhook
        self.delivery = delivery
        self.attempts = attempts
    }
}
