import HTTPTypes

/// Header names the console reads or sets that HTTPTypes does not name.
extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let crossOriginOpenerPolicy = HTTPField.Name("Cross-Origin-Opener-Policy")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
