import Foundation

/// A progress line on standard error: redrawn in place on a terminal, a line every tenth of the
/// way otherwise, so CI logs stay short.
struct ProgressBar {
    let label: String
    let total: Int
    private var done = 0
    private var lastDraw = Date.distantPast
    private var lastDecile = -1
    private let start = Date()
    private let interactive = isatty(STDERR_FILENO) != 0

    init(_ label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
    }

    mutating func advance(by count: Int) {
        done += count
        let now = Date()
        let decile = done * 10 / total
        if interactive {
            guard now.timeIntervalSince(lastDraw) > 0.1 || done >= total else { return }
            lastDraw = now
            let width = 30
            let filled = min(width, done * width / total)
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(done)/\(total) \(rate(now))".utf8))
            if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else if decile != lastDecile {
            lastDecile = decile
            report("\(label): \(done)/\(total) \(rate(now))")
        }
    }

    private func rate(_ now: Date) -> String {
        let seconds = now.timeIntervalSince(start)
        guard seconds > 0 else { return "" }
        return "(\(Int(Double(done) / seconds))/s)"
    }
}
