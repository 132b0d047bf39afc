import Testing
@testable import KGOntology

@Suite struct IdentifierTests {
    @Test func creditCodeCheckCharacter() {
        // Check characters computed by the GB 32100-2015 weights (1,3,9,27,…) modulo 31.
        #expect(IdentifierValidator.usccCheckCharacter("91450100MA5L6XX21") == "P")
        #expect(IdentifierValidator.isValidUSCC("91450100MA5L6XX21P"))
        #expect(!IdentifierValidator.isValidUSCC("91450100MA5L6XX21S"))     // S is not in the alphabet
        #expect(!IdentifierValidator.isValidUSCC("91450100MA5L6XX21R"))     // wrong check character
        #expect(!IdentifierValidator.isValidUSCC("9145010"))
        #expect(IdentifierValidator.usccProblem("91450100MA5L6XX21Q")?.contains("check character") == true)
    }

    @Test func residentIdentityNumber() {
        // The sample number from GB 11643-1999's own example: 11010519491231002X.
        #expect(IdentifierValidator.isValidResidentID("11010519491231002X"))
        #expect(IdentifierValidator.isValidResidentID("11010519491231002x"))
        #expect(!IdentifierValidator.isValidResidentID("110105194912310021"))
        #expect(!IdentifierValidator.isValidResidentID("11010519491331002X"))   // month 13
        #expect(IdentifierValidator.residentIDProblem("110105194912310021").map { !$0.contains("1101051949") } == true)
    }
}
