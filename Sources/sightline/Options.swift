import ArgumentParser
import Foundation

/// Where Sightline keeps its data: a catalog file and a folder of daily read partitions.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory.")
    var path: String = "sightline-data"

    var url: URL { URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL }
}

struct ListenOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080
}

/// Prints to standard error without buffering surprises.
func report(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
