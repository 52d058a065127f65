import Foundation
import SightlineCore

extension TransparencyReport {
    /// CSV: one `section,key,value` row per figure.
    public var csv: String {
        var rows = ["section,key,value"]
        func add(_ section: String, _ key: String, _ value: String) {
            let quoted = [section, key, value].map { field in
                field.contains(where: { ",\"\n".contains($0) })
                    ? "\"\(field.replacingOccurrences(of: "\"", with: "\"\""))\"" : field
            }
            rows.append(quoted.joined(separator: ","))
        }
        add("summary", "agency", agency.id.rawValue)
        add("summary", "from", from.rfc3339)
        add("summary", "to", to.rfc3339)
        add("summary", "log size at checkpoint", String(logSize))
        add("summary", "cameras", String(cameras))
        add("summary", "reads", String(reads))
        add("summary", "hot-list hits", String(hotListHits))
        add("summary", "searches", String(searches))
        add("alerts", "received", String(alerts.received))
        add("alerts", "disposed of", String(alerts.dispositions))
        add("alerts", "false alerts", String(alerts.falseAlerts))
        for c in alerts.byDisposition { add("alerts by disposition", c.key, String(c.count)) }
        for c in alerts.byMatch { add("alerts by match", c.key, String(c.count)) }
        for d in readsPerDay { add("reads per day", String(d.day), String(d.count)) }
        for c in searchesByPurpose { add("searches by purpose", c.key, String(c.count)) }
        for c in searchesOnBehalfOfOthers { add("searches on behalf of others", c.key, String(c.count)) }
        for c in searchesOfOurDataByOthers { add("searches of our data by others", c.key, String(c.count)) }
        for c in denialsByRule { add("denials by rule", c.key, String(c.count)) }
        add("summary", "searches refused as incomplete", String(incompleteSearchesRefused))
        add("summary", "hot-list entries refused by law", String(hotListEntriesRefused))
        for p in sharingPartners { add("sharing partners", "\(p.agency) (\(p.grant))", p.status) }
        for d in activeGrantsPerDay { add("active grants per day", String(d.day), String(d.count)) }
        for f in findings { add("findings", f.detector, f.summary) }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A self-contained HTML page with SVG charts: no scripts, fonts or images from anywhere.
    public var html: String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func day(_ d: Int) -> String { "\(d / 100 % 100)/\(d % 100)" }
        func table(_ title: String, _ rows: [Count]) -> String {
            guard !rows.isEmpty else { return "<h3>\(escape(title))</h3><p>None.</p>" }
            return
                "<h3>\(escape(title))</h3><table><tr><th>\(escape(title.components(separatedBy: " by ").last ?? ""))</th><th>count</th></tr>"
                + rows.map { "<tr><td>\(escape($0.key))</td><td>\($0.count)</td></tr>" }.joined() + "</table>"
        }
        let partners =
            sharingPartners.isEmpty
            ? "<p>No agency has been granted access.</p>"
            : "<table><tr><th>agency</th><th>grant</th><th>purposes</th><th>kinds</th><th>from</th><th>until</th><th>status</th></tr>"
                + sharingPartners.map {
                    "<tr><td>\(escape($0.agency.rawValue))</td><td>\(escape($0.grant))</td><td>\(escape($0.purposes.map(\.rawValue).joined(separator: ", ")))</td><td>\(escape($0.kinds.map(\.rawValue).joined(separator: ", ")))</td><td>\($0.start)</td><td>\($0.expiry)</td><td>\($0.status)</td></tr>"
                }.joined() + "</table>"
        let findingsHTML =
            findings.isEmpty
            ? "<p>No findings.</p>"
            : "<ul>"
                + findings.map {
                    "<li><b>\(escape($0.detector))</b>: \(escape($0.summary)) (log entries \($0.entries.prefix(20).map(String.init).joined(separator: ", "))\($0.entries.count > 20 ? ", …" : ""))</li>"
                }.joined() + "</ul>"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Transparency report: \(escape(agency.name))</title>
            <style>
            body{font:15px/1.45 system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1d2430}
            h1{font-size:1.6em;margin-bottom:.2em} h2{margin-top:1.6em;border-bottom:1px solid #d5dbe3}
            .figures{display:grid;grid-template-columns:repeat(4,1fr);gap:.8em}
            .figure{background:#f3f6f9;padding:.6em .8em;border-radius:6px}.figure b{display:block;font-size:1.6em}
            table{border-collapse:collapse;margin:.4em 0}td,th{border-bottom:1px solid #e2e7ee;padding:.25em .8em;text-align:left}
            pre{background:#f3f6f9;padding:.8em;overflow-x:auto;font-size:12px} .chart{margin:.6em 0}
            </style></head><body>
            <h1>Transparency report — \(escape(agency.name))</h1>
            <p>\(from.rfc3339) to \(to.rfc3339). Every figure is computed from the agency's tamper-evident log (\(logSize) entries, checkpoint below) and the store's daily counters.</p>
            <div class="figures">
            <div class="figure"><b>\(cameras)</b>cameras</div><div class="figure"><b>\(reads)</b>plate reads</div>
            <div class="figure"><b>\(hotListHits)</b>hot-list hits</div><div class="figure"><b>\(searches)</b>searches by our users</div>
            </div>
            <h2>Reads and hot-list hits per day</h2>
            \(Self.columnChart(readsPerDay.map { (day($0.day), $0.count) }, label: "Reads per day", color: "#3d6fb6"))
            \(Self.columnChart(hotListHitsPerDay.map { (day($0.day), $0.count) }, label: "Hot-list hits per day", color: "#c2410c"))
            <h2>Alerts and how they were disposed of</h2>
            <p>\(alerts.received) alerts received; \(alerts.dispositions) disposed of, \(alerts.falseAlerts) of them false (misread or wrong state)\(alerts.falseAlertRate.map { String(format: ": a false-alert rate of %.1f%%", $0 * 100) } ?? "").</p>
            \(Self.barChart(alerts.byDisposition.map { ($0.key, $0.count) }, label: "Alerts by disposition", color: "#b7791f"))
            \(Self.barChart(alerts.byMatch.map { ($0.key, $0.count) }, label: "Alerts received, by how the plate matched", color: "#c2410c"))
            <h2>Searches</h2>
            \(Self.barChart(searchesByPurpose.map { ($0.key, $0.count) }, label: "Searches by purpose", color: "#2f855a"))
            \(table("Searches on behalf of other agencies, by beneficiary", searchesOnBehalfOfOthers))
            \(table("Searches of our data by other agencies, by requester", searchesOfOurDataByOthers))
            <h2>Denials</h2>
            \(Self.barChart(denialsByRule.map { ($0.key, $0.count) }, label: "Requests for our data refused, by rule", color: "#9b2c2c"))
            <p>\(incompleteSearchesRefused) searches by our users were refused before reaching any data because their purpose, case, reason or beneficiary was missing or unusable.</p>
            <p>\(hotListEntriesRefused) hot-list entries were refused because our law forbids acting on them.</p>
            <h2>Who can reach our data</h2>
            \(partners)
            \(Self.columnChart(activeGrantsPerDay.map { (day($0.day), $0.count) }, label: "Sharing partners with an active grant, per day", color: "#6b46c1"))
            <h2>Retention</h2>
            <p>Law pack <b>\(escape(retention.packName))</b> (\(escape(retention.pack))): retention \(retention.days.map { "\($0) days" } ?? "not limited by statute"). \(escape(retention.citations.joined(separator: "; ")))</p>
            <p>Destructions carried out: \(destructions.isEmpty ? "none recorded" : escape(destructions.joined(separator: "; ")))</p>
            <h2>Misuse findings</h2>
            \(findingsHTML)
            <h2>Checkpoint</h2>
            <p>The figures were computed at this signed checkpoint; verify it with the key at <code>/.well-known/sightline-log-key</code>.</p>
            <pre>\(escape(checkpoint))</pre>
            <p>\(notes.map(escape).joined(separator: "<br>"))</p>
            </body></html>
            """
    }

    /// A column chart of a daily series as inline SVG: one column per day, the axis labelled every
    /// few days and the largest value marked.
    static func columnChart(_ items: [(String, Int)], label: String, color: String) -> String {
        let width = 860
        let plotHeight = 120
        let left = 50
        let maximum = max(1, items.map(\.1).max() ?? 1)
        let step = items.isEmpty ? 0 : Double(width - left - 10) / Double(items.count)
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"\(label)\" width=\"\(width)\" height=\"\(plotHeight + 50)\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,sans-serif\" font-size=\"11\">"
        svg += "<text x=\"0\" y=\"14\" font-weight=\"bold\" font-size=\"12\">\(label)</text>"
        let base = 22 + plotHeight
        svg += "<line x1=\"\(left)\" y1=\"\(base)\" x2=\"\(width - 10)\" y2=\"\(base)\" stroke=\"#8a94a3\"/>"
        svg +=
            "<text x=\"\(left - 6)\" y=\"30\" text-anchor=\"end\">\(maximum)</text><text x=\"\(left - 6)\" y=\"\(base)\" text-anchor=\"end\">0</text>"
        let labelEvery = max(1, items.count / 10)
        for (index, item) in items.enumerated() {
            let x = Double(left) + Double(index) * step
            let height = item.1 * plotHeight / maximum
            svg +=
                "<rect x=\"\(String(format: "%.1f", x + 1))\" y=\"\(base - height)\" width=\"\(String(format: "%.1f", max(1, step - 2)))\" height=\"\(height)\" fill=\"\(color)\"><title>\(item.0): \(item.1)</title></rect>"
            if index % labelEvery == 0 || index == items.count - 1 {
                svg +=
                    "<text x=\"\(String(format: "%.1f", x + step / 2))\" y=\"\(base + 14)\" text-anchor=\"middle\">\(item.0)</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A horizontal bar chart as inline SVG, one bar per item, labelled with its value.
    static func barChart(_ items: [(String, Int)], label: String, color: String) -> String {
        let rowHeight = 20
        let labelWidth = 230
        let barWidth = 560
        let maximum = max(1, items.map(\.1).max() ?? 1)
        let height = max(1, items.count) * rowHeight + 28
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        }
        var svg =
            "<svg class=\"chart\" role=\"img\" aria-label=\"\(escape(label))\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"system-ui,sans-serif\" font-size=\"12\">"
        svg += "<text x=\"0\" y=\"14\" font-weight=\"bold\">\(escape(label))</text>"
        if items.isEmpty { svg += "<text x=\"0\" y=\"40\">none</text>" }
        for (row, item) in items.enumerated() {
            let y = 24 + row * rowHeight
            let width = item.1 == 0 ? 0 : max(1, item.1 * barWidth / maximum)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 13)\" text-anchor=\"end\">\(escape(item.0))</text>"
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"\(rowHeight - 5)\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(labelWidth + width + 5)\" y=\"\(y + 13)\">\(item.1)</text>"
        }
        return svg + "</svg>"
    }
}
