import SightlineCore
import SightlineServer
import Testing

@Suite("Alert hub")
struct AlertHubTests {
    static func delivery(_ sequence: Int64, to agency: AgencyID) -> AlertDelivery {
        let read = PlateRead(
            camera: "c", owner: agency, time: .now, plate: Plate(normalized: "7ABC123"), confidence: 0.9,
            location: Coordinate(latitude: 0, longitude: 0))
        let alert = Alert(
            id: sequence, raised: .now, read: AlertRead(id: ReadID(partition: 20_261_129, row: sequence), read),
            listOwner: agency, list: "l", entry: HotListEntry(plate: "7ABC123", category: .stolenVehicle),
            match: .exact, matchedText: "7ABC123", recipients: [AlertRecipient(agency: agency, reason: "owner")])
        return AlertDelivery(sequence: sequence, recipient: alert.recipients[0], alert: alert)
    }

    @Test("each agency's subscribers get its deliveries only, in order")
    func perAgency() async {
        let hub = AlertHub()
        let city = hub.subscribe("city")
        let county = hub.subscribe("county")
        hub.publish([Self.delivery(1, to: "city"), Self.delivery(2, to: "county"), Self.delivery(3, to: "city")])
        city.continuation.finish()
        county.continuation.finish()
        var got: [Int64] = []
        for await case .delivery(let d) in city.stream { got.append(d.sequence) }
        #expect(got == [1, 3])
        var countyGot: [Int64] = []
        for await case .delivery(let d) in county.stream { countyGot.append(d.sequence) }
        #expect(countyGot == [2])
        #expect(hub.subscriberCounts.isEmpty)
    }

    @Test("a subscriber that falls behind is cut off, not skipped, so that it reconnects and catches up")
    func slowSubscriberCutOff() async {
        let hub = AlertHub(backlog: 2)
        let slow = hub.subscribe("city")
        hub.publish((1...5).map { Self.delivery($0, to: "city") })
        var got: [Int64] = []
        // The stream ends by itself after what fitted: the client resumes from the last it saw.
        for await case .delivery(let d) in slow.stream { got.append(d.sequence) }
        #expect(got == [1, 2])
    }
}
