import SightlineCore

/// How a real plate reader gets a plate wrong: confusable characters swapped, a character dropped
/// or doubled, the wrong issuing state. The true plate then usually appears among the candidates.
public enum OCRNoise {
    static let confusable: [Character: [Character]] = [
        "0": ["O", "D", "Q"], "O": ["0", "D", "Q"], "D": ["0", "O"], "Q": ["0", "O"],
        "1": ["I", "L"], "I": ["1", "L"], "L": ["1", "I"],
        "2": ["Z"], "Z": ["2"], "5": ["S"], "S": ["5"], "8": ["B"], "B": ["8"], "6": ["G"], "G": ["6"],
    ]

    /// A misreading of `plate`, or nil when the plate offers nothing to get wrong.
    public static func misread(_ plate: String, random: inout SeededRandom) -> String? {
        var characters = Array(plate)
        let roll = random.unit()
        if roll < 0.65 {
            let swappable = characters.indices.filter { confusable[characters[$0]] != nil }
            guard let index = swappable.randomElement(using: &random) else { return nil }
            characters[index] = confusable[characters[index]]!.randomElement(using: &random)!
        } else if roll < 0.85, characters.count > 2 {
            characters.remove(at: Int.random(in: characters.indices, using: &random))
        } else if characters.count < Plate.maximumLength {
            let index = Int.random(in: characters.indices, using: &random)
            characters.insert(characters[index], at: index)
        } else {
            return nil
        }
        return String(characters)
    }

    static func read(
        of vehicle: Vehicle, by camera: Camera, at time: Timestamp, direction: Direction?, noise: Double,
        random: inout SeededRandom
    ) -> PlateRead {
        var text = vehicle.plate
        var region = vehicle.region
        var confidence = Double(Int.random(in: 880...990, using: &random)) / 1000
        var candidates: [CandidateReading] = []
        if random.chance(noise) {
            if random.chance(0.85), let wrong = misread(text, random: &random) {
                candidates = [
                    CandidateReading(plate: text, confidence: Double(Int.random(in: 500...800, using: &random)) / 1000)
                ]
                text = wrong
                confidence = Double(Int.random(in: 600...850, using: &random)) / 1000
            } else {
                region = ["US-NV", "US-OR", "US-AZ", "US-WA"].filter { $0 != region }.randomElement(using: &random)!
            }
        }
        return PlateRead(
            camera: camera.id, owner: camera.owner, time: time, plate: Plate(normalized: text),
            region: region, regionConfidence: Double(Int.random(in: 700...990, using: &random)) / 1000,
            confidence: confidence, candidates: candidates, location: camera.location, direction: direction,
            vehicle: vehicle.description)
    }
}
