import Gateway
import Hummingbird

// The gateway's answers, returned by handlers as they are: the context's one encoder
// (`GatewayJSONEncoder`) writes them. `Gateway` does not depend on Hummingbird, so the
// conformances live at the HTTP edge, all in this file.

extension BatchContributeResponse: ResponseEncodable {}
extension SearchPatternsResponse: ResponseEncodable {}
extension PatternResponse: ResponseEncodable {}
extension ConsentStateResponse: ResponseEncodable {}
extension RescanReport: ResponseEncodable {}
extension RankerCardResponse: ResponseEncodable {}
extension ErasureReceipt: ResponseEncodable {}
extension ErasureListResponse: ResponseEncodable {}
extension PurgeCertificate: ResponseEncodable {}
extension ErasureStatus: ResponseEncodable {}
extension RevisionResponse: ResponseEncodable {}
extension ExportDocument: ResponseEncodable {}
extension PurgeReport: ResponseEncodable {}
extension RetireGatewayResponse: ResponseEncodable {}
extension AuditEntriesPage: ResponseEncodable {}
extension AuditInclusionProofResponse: ResponseEncodable {}
extension AuditConsistencyProofResponse: ResponseEncodable {}
extension AuditRotateResponse: ResponseEncodable {}
extension AuditSegmentsResponse: ResponseEncodable {}
extension SyncStatus: ResponseEncodable {}
extension NetworkStatsResponse: ResponseEncodable {}
