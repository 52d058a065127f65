public import Foundation

/// The web dashboard: HTML, CSS and JavaScript shipped inside the package and read once at start,
/// so it works on a network with no route to the internet (no CDN, fonts or map tiles).
public struct Dashboard: Sendable {
    /// One file of the dashboard and the media type to serve it with.
    public struct Asset: Sendable {
        public var bytes: Data
        public var contentType: String
    }

    private let assets: [String: Asset]

    /// The files shipped with this build, read on first use.
    public static let shipped = Dashboard()

    /// Reads every file under the bundled `Web` folder. A missing or unreadable file is a broken
    /// build, not a runtime condition, so it traps.
    init() {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Web") else {
            preconditionFailure("the dashboard's files are missing from the bundle")
        }
        var assets: [String: Asset] = [:]
        let prefix = root.standardizedFileURL.path + "/"
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = files?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                let bytes = try? Data(contentsOf: url)
            else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            assets[path] = Asset(bytes: bytes, contentType: Self.mediaType(of: path))
        }
        precondition(assets["index.html"] != nil, "the dashboard's index.html is missing from the bundle")
        self.assets = assets
    }

    /// The file at `path` relative to the dashboard's root (`index.html`, `js/live.js`).
    public func asset(at path: String) -> Asset? { assets[path] }

    /// Every file's path, for tests that check nothing refers outside the package.
    public var paths: [String] { assets.keys.sorted() }

    static func mediaType(of path: String) -> String {
        switch path.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "wav": "audio/wav"
        default: "application/octet-stream"
        }
    }
}
