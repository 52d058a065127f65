import Foundation
import SightlineCore
import SightlineIdentity
import SightlineServer
import SightlineSimulator
import Testing

@testable import sightline

/// Fails in CI, where `.ci/run` installs Chromium and its driver, rather than skipping quietly.
@Suite("Browser availability")
struct BrowserAvailability {
    @Test("headless Chromium and chromedriver are installed where CI runs")
    func installed() {
        if ProcessInfo.processInfo.environment["CI"] != nil {
            #expect(Browser.available, "CI must install chromium and chromium-driver")
        } else if !Browser.available {
            print("Chromium or chromedriver not found: the dashboard's browser tests are skipped")
        }
    }
}

/// The dashboard driven in headless Chromium against the demo city served on a real port.
/// Screenshots of every step are kept in `.build/browser-artifacts/<test>/`.
@Suite(
    "Dashboard in a browser", .serialized,
    .enabled(if: Browser.available, "Chromium or chromedriver not found: browser tests skipped"))
struct DashboardBrowserTests {
    static let plate = "8SLN472"

    @Test("an officer signs in, watches a live alert arrive from the demo city and records its disposition")
    func liveAlert() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        try await live.serve { server in
            try await withBrowser("live-alert") { browser in
                try await browser.go(server + "/")
                try await browser.wait(for: "#signin-form")
                try await browser.screenshot("01-sign-in")
                // A wrong code is refused, and says so.
                try await live.fillSignIn(browser, "rpd-officer", code: "000000")
                try await browser.wait(for: "#status", containing: "wrong")
                try await live.signIn(browser, "rpd-officer")
                try await browser.wait(for: "#stream-state", containing: "live")
                try await live.waitForSubscribers(DemoCity.cityPolice, 1)
                let ours = try live.sightline.catalog.cameras(ownedBy: DemoCity.cityPolice).count
                #expect(try await browser.count("svg.map circle.camera") == ours)
                #expect(try await browser.count("svg.map circle.camera:not([data-owner='riverton-pd'])") == 0)
                #expect(try await browser.count("svg.map .road") > 0)
                try await browser.screenshot("02-live-view")

                var read = try #require(try live.track(of: Self.plate, owner: DemoCity.cityPolice, reads: 1).first)
                let crop = try #require(Data(base64Encoded: PlateCropFixture.base64))
                read.images = [ReadImage(kind: .plate, bytes: Array(crop))]
                _ = try await live.sightline.ingest.append([read])
                let item = "#alert-queue li[data-plate='\(Self.plate)']"
                let text = try await browser.wait(for: item, containing: "riverton-stolen")
                #expect(text.contains("stolen from the Riverton transit centre lot"))
                // The camera's photo travels with the alert and is drawn (decoded, so it has a width).
                let photoWidth = try await browser.run(
                    "const i = document.querySelector(arguments[0]); return i && i.complete ? i.naturalWidth : 0;",
                    ["\(item) img.crop"])
                #expect(photoWidth as? Int == 120)
                #expect(
                    try await browser.count("svg.map circle.camera.hit[data-camera='\(read.camera.rawValue)']") == 1)
                try await browser.screenshot("03-alert-arrived")

                try await browser.click("\(item) button[data-disposition='confirmed']")
                try await browser.wait(for: "\(item) .disposed", containing: "confirmed by rpd-officer")
                try await browser.screenshot("04-disposition-recorded")
                let deliveries = try live.sightline.catalog.deliveries(to: DemoCity.cityPolice, after: 0, limit: 10)
                let disposition = try #require(deliveries.last?.dispositions.last)
                #expect(disposition.kind == .confirmed)
                #expect(disposition.user == "rpd-officer")
                try await expectOnlyLocalResources(browser, server)

                // A session the server has ended (idle, too old or, here, revoked) sends the page
                // back to sign-in at its next request.
                try live.sightline.catalog.revokeTokens(of: "rpd-officer", by: .localOperator("test"))
                try await browser.go(server + "/#/search")
                try await browser.wait(for: "#main", containing: "Your session has ended")
                #expect(try await browser.count("#signin-form") == 1)
                try await browser.screenshot("05-session-ended")
            }
        }
    }

    @Test("a search is refused without a purpose, runs with one, draws a timeline and its log entry is verified")
    func searchAndLog() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        let track = try live.track(of: Self.plate, owner: DemoCity.cityPolice, reads: 4)
        _ = try await live.sightline.ingest.append(track)
        try await live.serve { server in
            try await withBrowser("search-and-log") { browser in
                try await browser.go(server + "/")
                try await live.signIn(browser, "rpd-supervisor")
                try await browser.wait(for: "#stream-state")
                try await browser.go(server + "/#/search")
                try await browser.wait(for: "#search-form")
                try await browser.type("#plate", Self.plate)
                try await browser.type("#case", "RPD-2026-0107")
                try await browser.type("#justification", "Reported stolen from the transit centre lot")
                try await browser.click("#on-behalf-of option[value='riverton-pd']")
                let searchesBefore = try live.searchRecords()
                try await browser.click("#run-search")
                let refusal = try await browser.wait(for: "#search-refused", containing: "purpose")
                #expect(refusal.contains("Nothing was searched"))
                #expect(try live.searchRecords() == searchesBefore)
                try await browser.screenshot("01-refused-without-purpose")

                try await browser.click("#purpose option[value='stolen-vehicle']")
                try await browser.click("#tab-timeline")
                try await browser.type("#plate", Self.plate)
                try await browser.click("#run-search")
                let entryText = try await browser.wait(for: "#log-entry", containing: "log entry")
                #expect(try live.searchRecords() == searchesBefore + 1)
                let numbers = entryText.split(separator: " ").compactMap { Int64($0) }
                let index = try #require(numbers.first)
                let record = try live.record(at: index)
                #expect(record.search?.request.caseNumber == "RPD-2026-0107")
                #expect(record.search?.request.purpose == .stolenVehicle)
                #expect(try await browser.count("#results-table tr.read") == track.count)
                #expect(try await browser.count("svg.map .stop-group") == track.count)
                let order =
                    try await browser.run(
                        "return [...document.querySelectorAll('svg.map .stop-group')].map(g => g.dataset.camera);")
                    as? [String]
                #expect(order == track.map(\.camera.rawValue))
                try await browser.screenshot("02-timeline")

                try await browser.click("#log-entry a")
                try await browser.wait(for: "#checkpoint-status", containing: "verified in this browser")
                let row = "#log-rows tr[data-index='\(index)']"
                let rowText = try await browser.wait(for: row, containing: "RPD-2026-0107")
                #expect(rowText.contains("timeline by rpd-supervisor"))
                try await browser.wait(for: "\(row) td.verify", containing: "included")
                try await browser.wait(for: "#verification", containing: "verified in this browser")
                #expect(try await browser.count("td.verify.bad") == 0)
                try await browser.screenshot("03-log-entry")
                try await expectOnlyLocalResources(browser, server)
            }
        }
    }

    @Test("another agency's user sees none of Riverton's cameras or alerts")
    func otherAgency() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        // Two reads of a listed plate on Riverton's own cameras: one before the mall's user signs
        // in, one while they watch.
        let reads = try live.track(of: Self.plate, owner: DemoCity.cityPolice, reads: 2)
        _ = try await live.sightline.ingest.append([reads[0]])
        try await live.serve { server in
            try await withBrowser("other-agency") { browser in
                try await browser.go(server + "/")
                try await live.signIn(browser, "ngm-security")
                try await browser.wait(for: "#stream-state", containing: "live")
                try await live.waitForSubscribers(DemoCity.mall, 1)
                _ = try await live.sightline.ingest.append([reads[1]])
                try await Task.sleep(for: .seconds(2))
                let theirs = try live.sightline.catalog.cameras(ownedBy: DemoCity.mall).count
                #expect(theirs > 0)
                #expect(try await browser.count("svg.map circle.camera") == theirs)
                #expect(try await browser.count("svg.map circle.camera:not([data-owner='northgate-mall'])") == 0)
                #expect(try await browser.count("#camera-rates tr") == theirs)
                #expect(try await browser.count("#alert-queue li") == 0)
                // Riverton did receive them: the queue above is empty because of who is looking.
                #expect(try live.sightline.catalog.deliveries(to: DemoCity.cityPolice, after: 0, limit: 10).count == 2)
                try await browser.screenshot("01-mall-live-view")
            }
        }
    }

    @Test("the public reads a transparency report and a verified checkpoint without signing in")
    func publicReport() async throws {
        let live = try LiveCity()
        defer { live.remove() }
        _ = try await live.sightline.ingest.append([try live.read(of: Self.plate)])
        try await live.serve { server in
            try await withBrowser("public-report") { browser in
                try await browser.go(server + "/#/public/riverton-pd")
                try await browser.wait(for: "h1", containing: "Riverton Police Department")
                try await browser.wait(for: "#published-checkpoint", containing: "signature verified in this browser")
                let figures = try await browser.wait(for: "#report-figures", containing: "Alerts received")
                #expect(figures.contains("Cameras"))
                #expect(try await browser.count("svg.chart") >= 1)
                #expect(try await browser.text("#signed-in-as") == nil)
                try await browser.screenshot("01-transparency-report")
                try await expectOnlyLocalResources(browser, server)
            }
        }
    }

    /// Everything the page loaded came from the Sightline server itself.
    func expectOnlyLocalResources(_ browser: BrowserSession, _ server: String) async throws {
        let urls =
            try await browser.run("return performance.getEntriesByType('resource').map(e => e.name);") as? [String]
            ?? []
        #expect(!urls.isEmpty)
        let origin = server.replacingOccurrences(of: "localhost", with: "")
        #expect(urls.allSatisfy { $0.hasPrefix(server) || $0.contains(origin) }, "\(urls)")
    }
}

extension LiveCity {
    func remove() {
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(atPath: directory.path + "-keys")
    }

    func fillSignIn(_ browser: BrowserSession, _ user: UserID, code: String) async throws {
        let credential = try #require(credentials.users.first { $0.id == user })
        try await browser.type("#signin-user", user.rawValue)
        try await browser.type("#signin-password", credential.password)
        try await browser.type("#signin-code", code)
        try await browser.click("#signin-form button[type='submit']")
    }

    /// Signs in through the form with the user's password and current TOTP code.
    func signIn(_ browser: BrowserSession, _ user: UserID) async throws {
        let credential = try #require(credentials.users.first { $0.id == user })
        let secret = try #require(Base32.decode(credential.totpSecret))
        try await browser.wait(for: "#signin-form")
        try await fillSignIn(browser, user, code: TOTP(secret: Array(secret)).code(at: .now))
        try await browser.wait(for: "#signed-in-as", containing: user == "ngm-security" ? "Northgate" : "Riverton")
    }

    /// A vehicle's successive reads on one agency's cameras, as the city made them, moved into the last hour.
    func track(of plate: String, owner: AgencyID, reads count: Int) throws -> [PlateRead] {
        let today = Timestamp.now.day
        let reads = (city.reads(onDay: today - 1) + city.reads(onDay: today))
            .filter { $0.plate.normalized == plate && $0.owner == owner }
            .prefix(count)
        try #require(reads.count == count, "the city reads \(plate) on \(owner)'s cameras fewer than \(count) times")
        let start = Timestamp.now.adding(milliseconds: -3_600_000)
        return reads.enumerated().map { offset, read in
            var read = read
            read.time = start.adding(milliseconds: Int64(offset) * 300_000)
            return read
        }
    }

    func searchRecords() throws -> Int {
        try sightline.catalog.entries(from: 0, to: .max).filter {
            (try JSONDecoder().decode(LogRecord.self, from: Data($0.entry.utf8))).search != nil
        }.count
    }

    func record(at index: Int64) throws -> LogRecord {
        let entry = try #require(try sightline.catalog.entries(from: index, to: index + 1).first)
        return try JSONDecoder().decode(LogRecord.self, from: Data(entry.entry.utf8))
    }
}
