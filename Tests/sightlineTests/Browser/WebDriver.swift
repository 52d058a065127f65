import AsyncHTTPClient
import Foundation
import NIOCore
import SightlinePostgres
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Where the browser and its driver are: Debian's `chromium` and `chromium-driver`, or
/// `SIGHTLINE_CHROMIUM` and `SIGHTLINE_CHROMEDRIVER`.
enum Browser {
    static let chromium = locate("SIGHTLINE_CHROMIUM", ["/usr/bin/chromium", "/usr/bin/chromium-browser"])
    static let driver = locate("SIGHTLINE_CHROMEDRIVER", ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"])
    static var available: Bool { chromium != nil && driver != nil }

    private static func locate(_ variable: String, _ candidates: [String]) -> String? {
        let environment = ProcessInfo.processInfo.environment[variable].map { [$0] } ?? []
        return (environment + candidates).first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

struct WebDriverError: Error, CustomStringConvertible {
    var description: String
}

/// A chromedriver process on a free loopback port, speaking W3C WebDriver.
final class ChromeDriver {
    let url: String
    private let process: Process

    init() async throws {
        guard let driver = Browser.driver else { throw WebDriverError(description: "chromedriver not found") }
        let port = try LocalPostgres.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: driver)
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        url = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if let status = try? await WebDriverWire.call(.GET, "\(url)/status") as? [String: Any],
                (status["ready"] as? Bool) == true
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(process.processIdentifier, SIGKILL)
        throw WebDriverError(description: "chromedriver did not become ready on port \(port)")
    }

    /// Asks the driver to quit, and kills it if it has not. (Foundation's `waitUntilExit` spins
    /// on Linux, so this polls.)
    func stop() async {
        _ = try? await WebDriverWire.call(.GET, "\(url)/shutdown")
        for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// JSON over HTTP to the driver; errors carry the driver's message.
enum WebDriverWire {
    enum Verb: String { case GET, POST, DELETE }

    /// The reply's `value`, whatever its shape.
    @discardableResult
    static func call(_ method: Verb, _ url: String, _ body: [String: Any]? = nil) async throws -> Any? {
        var request = HTTPClientRequest(url: url)
        switch method {
        case .GET: request.method = .GET
        case .POST: request.method = .POST
        case .DELETE: request.method = .DELETE
        }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any] ?? [:]
        if response.status.code >= 300 {
            let value = json["value"] as? [String: Any]
            throw WebDriverError(
                description:
                    "\(method.rawValue) \(url): \(String(describing: value?["error"])) — \(String(describing: value?["message"]))"
            )
        }
        return json["value"] is NSNull ? nil : json["value"]
    }
}

/// One headless Chromium session: navigation, elements by CSS selector, clicks, typing, scripts
/// and screenshots, each step's screenshot kept in `directory`.
struct BrowserSession {
    let base: String
    let directory: URL
    private static let element = "element-6066-11e4-a52e-4f735466cecf"

    static func open(_ driver: ChromeDriver, artifacts name: String) async throws -> BrowserSession {
        guard let chromium = Browser.chromium else { throw WebDriverError(description: "chromium not found") }
        // CI runs as root, where Chromium needs --no-sandbox.
        var arguments = ["--headless=new", "--disable-gpu", "--window-size=1400,1000", "--lang=en-US"]
        if getuid() == 0 { arguments.append("--no-sandbox") }
        let value = try await WebDriverWire.call(
            .POST, "\(driver.url)/session",
            ["capabilities": ["alwaysMatch": ["goog:chromeOptions": ["binary": chromium, "args": arguments]]]])
        guard let id = (value as? [String: Any])?["sessionId"] as? String else {
            throw WebDriverError(description: "no session id from chromedriver")
        }
        let directory = artifactsRoot.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return BrowserSession(base: "\(driver.url)/session/\(id)", directory: directory)
    }

    /// `.build/browser-artifacts/` of this package: kept after the run, ignored by git.
    static let artifactsRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/browser-artifacts")

    func close() async { _ = try? await WebDriverWire.call(.DELETE, base) }

    func go(_ url: String) async throws { _ = try await WebDriverWire.call(.POST, "\(base)/url", ["url": url]) }

    func find(_ css: String) async throws -> String {
        let value = try await WebDriverWire.call(.POST, "\(base)/element", ["using": "css selector", "value": css])
        guard let id = (value as? [String: Any])?[Self.element] as? String else {
            throw WebDriverError(description: "no element \(css)")
        }
        return id
    }

    func click(_ css: String) async throws {
        _ = try await WebDriverWire.call(.POST, "\(base)/element/\(try await find(css))/click", [:])
    }

    func type(_ css: String, _ text: String) async throws {
        let id = try await find(css)
        _ = try await WebDriverWire.call(.POST, "\(base)/element/\(id)/clear", [:])
        _ = try await WebDriverWire.call(.POST, "\(base)/element/\(id)/value", ["text": text])
    }

    /// Runs `script` in the page and returns what it returns.
    func run(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await WebDriverWire.call(.POST, "\(base)/execute/sync", ["script": script, "args": arguments])
    }

    /// Runs `script`, which ends by calling `done(value)` (the last argument), and returns the value.
    func runAsync(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await WebDriverWire.call(
            .POST, "\(base)/execute/async",
            ["script": "const done = arguments[arguments.length - 1];\n" + script, "args": arguments])
    }

    /// The text of the first element matching `css`, or nil when there is none.
    func text(_ css: String) async throws -> String? {
        try await run("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", [css])
            as? String
    }

    func count(_ css: String) async throws -> Int {
        (try await run("return document.querySelectorAll(arguments[0]).length;", [css]) as? Int) ?? 0
    }

    /// Waits until an element matching `css` exists and its text contains `containing`.
    @discardableResult
    func wait(
        for css: String, containing: String = "", seconds: Double = 15,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if let text = try await text(css), containing.isEmpty || text.contains(containing) { return text }
            try await Task.sleep(for: .milliseconds(100))
        }
        let status = try await text("#status") ?? ""
        let found = try await text(css).map { "it reads \"\($0.prefix(300))\"" } ?? "there is none"
        try await screenshot("timeout")
        throw WebDriverError(
            description: "no \(css) containing \"\(containing)\" after \(seconds) s: \(found) (status: \(status))")
    }

    /// Saves a PNG of the page as `<name>.png` among the run's artifacts.
    func screenshot(_ name: String) async throws {
        let value = try await WebDriverWire.call(.GET, "\(base)/screenshot")
        guard let text = value as? String, let png = Data(base64Encoded: text) else {
            throw WebDriverError(description: "no screenshot")
        }
        try png.write(to: directory.appendingPathComponent("\(name).png"))
    }
}

/// Runs `body` with a fresh browser; on an error, the page at that moment is kept as `failure.png`.
func withBrowser(_ name: String, _ body: (BrowserSession) async throws -> Void) async throws {
    let driver = try await ChromeDriver()
    do {
        let browser = try await BrowserSession.open(driver, artifacts: name)
        do {
            try await body(browser)
            await browser.close()
        } catch {
            try? await browser.screenshot("failure")
            await browser.close()
            throw error
        }
    } catch {
        await driver.stop()
        throw error
    }
    await driver.stop()
}
