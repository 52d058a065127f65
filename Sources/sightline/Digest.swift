import Crypto
import Foundation

/// The SHA-256 of a document, as lower-case hexadecimal.
func sha256Hex(_ data: Data) -> String {
    SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
}
