import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QMatchServer

struct TestArguments: AppArguments {
    var host = "127.0.0.1"
    var port = 0
    var databasePath: String? = nil
}

struct HealthBody: Decodable {
    let status: String
    let members: Int
}

@Suite struct HealthTests {
    @Test func healthReportsOK() async throws {
        let app = try await buildApplication(TestArguments())
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONDecoder().decode(HealthBody.self, from: Data(response.body.readableBytesView))
                #expect(body.status == "ok" && body.members == 0)
            }
        }
    }

    @Test func unknownRouteIsA404InTheErrorShape() async throws {
        let app = try await buildApplication(TestArguments())
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                let body = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body.readableBytesView))
                #expect(body.error.status == 404)
            }
        }
    }
}
