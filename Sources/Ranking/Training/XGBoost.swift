import CXGBoost

/// The calls into XGBoost's C API this target makes, each return code checked.
///
/// Training only, plus a reference prediction for tests: serving never calls XGBoost (it
/// walks the saved trees in Swift, `TreeEnsemble`). The handles live only inside one call,
/// so nothing here is shared between threads.
package enum XGBoost {
    /// Trains on a dense row-major matrix of `columns` columns and returns the model as
    /// XGBoost's JSON (`XGBoosterSaveModelToBuffer` with `format: json`). NaN is missing.
    package static func train(
        matrix: [Float], columns: Int, labels: [Float], parameters: [(String, String)], rounds: Int
    ) throws(RankingError) -> [UInt8] {
        let rows = labels.count
        guard columns > 0, matrix.count == rows * columns else {
            throw RankingError.training("XGDMatrixCreateFromMat", "matrix of \(matrix.count) values is not \(rows) × \(columns)")
        }
        let data = try matrixHandle(matrix, rows: rows, columns: columns)
        defer { XGDMatrixFree(data) }
        try check("XGDMatrixSetFloatInfo") {
            labels.withUnsafeBufferPointer { XGDMatrixSetFloatInfo(data, "label", $0.baseAddress, bst_ulong(rows)) }
        }
        var booster: BoosterHandle?
        try check("XGBoosterCreate") {
            let handles: [DMatrixHandle?] = [data]
            return handles.withUnsafeBufferPointer { XGBoosterCreate($0.baseAddress, 1, &booster) }
        }
        defer { XGBoosterFree(booster) }
        for (name, value) in parameters {
            try check("XGBoosterSetParam(\(name))") { XGBoosterSetParam(booster, name, value) }
        }
        for round in 0..<rounds {
            try check("XGBoosterUpdateOneIter") { XGBoosterUpdateOneIter(booster, Int32(round), data) }
        }
        var length: bst_ulong = 0
        var bytes: UnsafePointer<CChar>?
        try check("XGBoosterSaveModelToBuffer") { XGBoosterSaveModelToBuffer(booster, #"{"format": "json"}"#, &length, &bytes) }
        guard let bytes else { throw RankingError.training("XGBoosterSaveModelToBuffer", "no buffer returned") }
        // Copied out at once: the buffer belongs to the booster and dies with it.
        return bytes.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }

    /// XGBoost's own prediction for each row of a dense row-major matrix (the reference the
    /// Swift tree walker is tested against).
    package static func predict(modelBytes: [UInt8], matrix: [Float], columns: Int) throws(RankingError) -> [Float] {
        guard columns > 0, matrix.count % columns == 0 else {
            throw RankingError.training("XGDMatrixCreateFromMat", "matrix of \(matrix.count) values has no whole rows of \(columns)")
        }
        let rows = matrix.count / columns
        let data = try matrixHandle(matrix, rows: rows, columns: columns)
        defer { XGDMatrixFree(data) }
        var booster: BoosterHandle?
        try check("XGBoosterCreate") { XGBoosterCreate(nil, 0, &booster) }
        defer { XGBoosterFree(booster) }
        try check("XGBoosterLoadModelFromBuffer") {
            modelBytes.withUnsafeBytes { XGBoosterLoadModelFromBuffer(booster, $0.baseAddress, bst_ulong($0.count)) }
        }
        try check("XGBoosterSetParam(nthread)") { XGBoosterSetParam(booster, "nthread", "1") }
        var length: bst_ulong = 0
        var result: UnsafePointer<Float>?
        try check("XGBoosterPredict") { XGBoosterPredict(booster, data, 0, 0, 0, &length, &result) }
        guard let result, Int(length) == rows else { throw RankingError.training("XGBoosterPredict", "\(length) predictions for \(rows) rows") }
        return Array(UnsafeBufferPointer(start: result, count: rows))
    }

    private static func matrixHandle(_ matrix: [Float], rows: Int, columns: Int) throws(RankingError) -> DMatrixHandle? {
        var handle: DMatrixHandle?
        try check("XGDMatrixCreateFromMat") {
            matrix.withUnsafeBufferPointer { XGDMatrixCreateFromMat($0.baseAddress, bst_ulong(rows), bst_ulong(columns), .nan, &handle) }
        }
        return handle
    }

    private static func check(_ call: String, _ body: () -> Int32) throws(RankingError) {
        guard body() == 0 else {
            let detail = XGBGetLastError().map { String(cString: $0) } ?? "no error text"
            throw RankingError.training(call, detail)
        }
    }
}
