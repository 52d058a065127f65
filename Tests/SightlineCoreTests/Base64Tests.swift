import Foundation
import SightlineCore
import Testing

@Suite("Base64")
struct Base64Tests {
    @Test("encodes as Foundation does, at every padding length")
    func matchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.encode(bytes) == Data(bytes).base64EncodedString(), "\(length) bytes")
        }
        #expect(Base64.encode(Array("Man".utf8)) == "TWFu")
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }
}
