import SightlineCore
import SightlineIdentity
import Testing

@Suite("Identity")
struct IdentityTests {
    /// RFC 6238 Appendix B, SHA-1, with the 8-digit codes the RFC lists.
    @Test(
        "TOTP matches the RFC 6238 test vectors",
        arguments: [
            (59 as Int64, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ])
    func rfc6238(seconds: Int64, code: String) {
        var totp = TOTP(secret: Array("12345678901234567890".utf8))
        totp.digits = 8
        #expect(totp.code(at: Timestamp(seconds: seconds)) == code)
    }

    @Test("a code is accepted once, within a step of drift, never replayed")
    func replay() {
        let totp = TOTP(secret: TOTP.generateSecret())
        let now = Timestamp(seconds: 1_800_000_000)
        let code = totp.code(at: now)
        let step = totp.match(code, at: now, after: 0)
        #expect(step == totp.counter(at: now))
        #expect(totp.match(code, at: now, after: step!) == nil)
        #expect(totp.match(totp.code(at: now.adding(milliseconds: -30_000)), at: now, after: 0) != nil)
        #expect(totp.match(totp.code(at: now.adding(milliseconds: -90_000)), at: now, after: 0) == nil)
    }

    @Test("base32 round-trips and matches RFC 4648")
    func base32() {
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("MZXW6YTBOI") == Array("foobar".utf8))
        let secret = TOTP.generateSecret()
        #expect(Base32.decode(Base32.encode(secret)) == secret)
        #expect(Base32.decode("not base32!") == nil)
    }

    @Test("passwords: salted, verified, wrong ones refused, short ones refused")
    func passwords() throws {
        let hash = try PasswordHash.make("correct horse battery")
        #expect(hash.hasPrefix("scrypt$32768$8$1$"))
        #expect(!hash.contains("correct horse"))
        #expect(PasswordHash.verify("correct horse battery", against: hash))
        #expect(!PasswordHash.verify("correct horse batterY", against: hash))
        #expect(try PasswordHash.make("correct horse battery") != hash)
        #expect(throws: SightlineError.self) { try PasswordHash.make("short") }
        #expect(!PasswordHash.verify("x", against: "garbage"))
    }
}
