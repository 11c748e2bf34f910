import Foundation
import TestSupport

/// A secret inside a template.
private func S(_ value: String) -> String { Marker.secret(value) }
/// A technical look-alike inside a template: it must survive anonymization.
private func K(_ value: String) -> String { Marker.keep(value) }

/// Writes one case of a kind: a realistic migration error message with values from `Values`.
struct Composer {
    var v: Values
    private var terms: [String] = []

    init(seed: UInt64) {
        v = Values(seed: seed)
    }

    mutating func draft(_ kind: CaseKind) -> PrivacyCase {
        terms = []
        let marked = message(kind)
        return Marker.makeCase(kind: kind, marked: marked, sensitiveTerms: terms)
    }

    private mutating func message(_ kind: CaseKind) -> String {
        switch kind {
        case .email: return email()
        case .ipv4: return ipv4()
        case .ipv6: return ipv6()
        case .hostname: return hostname()
        case .url: return url()
        case .path: return path()
        case .connectionString: return connectionString()
        case .keyValueSecret: return keyValueSecret()
        case .awsAccessKey: return awsAccessKey()
        case .awsSecretKey: return awsSecretKey()
        case .arn: return arn()
        case .awsAccountId: return awsAccountId()
        case .azureGuid: return azureGuid()
        case .azureStorageKey: return azureStorageKey()
        case .gcpProject: return gcpProject()
        case .gcpServiceAccount: return gcpServiceAccount()
        case .githubToken: return githubToken()
        case .gitlabToken: return gitlabToken()
        case .slackToken: return slackToken()
        case .stripeKey: return stripeKey()
        case .googleApiKey: return googleApiKey()
        case .jwt: return jwt()
        case .privateKey: return privateKey()
        case .highEntropy: return highEntropy()
        case .creditCard: return creditCard()
        case .iban: return iban()
        case .phone: return phone()
        case .macAddress: return macAddress()
        case .stackTrace: return stackTrace()
        case .personName: return personName()
        case .companyName: return companyName()
        case .mixed: return mixed()
        case .clean: return clean()
        }
    }

    // MARK: Drawing helpers

    private mutating func pick<T>(_ items: [T]) -> T { v.rng.pick(items) }
    private mutating func below(_ bound: Int) -> Int { v.rng.below(bound) }
    private mutating func chance(_ percent: Int) -> Bool { v.rng.percent(percent) }
    private mutating func number(_ range: ClosedRange<Int>) -> String { String(v.rng.int(range)) }

    // Look-alikes, each marked as must-survive.
    private mutating func act() -> String { K(pick(Pools.actions)) }
    private mutating func inst() -> String { K(pick(Pools.awsInstanceTypes + Pools.rdsInstanceClasses)) }
    private mutating func region() -> String { K(pick(Pools.awsRegions)) }
    private mutating func azSize() -> String { K(pick(Pools.azureSizes)) }
    private mutating func azRegion() -> String { K(pick(Pools.azureRegions)) }
    private mutating func gcpType() -> String { K(pick(Pools.gcpMachineTypes)) }
    private mutating func gcpRegion() -> String { K(pick(Pools.gcpRegions)) }
    private mutating func dur() -> String { K(pick(Pools.durations)) }
    private mutating func pct() -> String { K(pick(Pools.percents)) }
    private mutating func ver() -> String { K(pick(Pools.versions)) }
    private mutating func db() -> String { K(pick(Pools.databases)) }
    private mutating func http() -> String { K(pick(Pools.httpStatuses)) }
    private mutating func port() -> String { K(pick(Pools.dbPorts)) }
    private mutating func dbErr() -> String { K(pick(Pools.dbErrors)) }
    private mutating func k8s() -> String { K(pick(Pools.kubernetesStates)) }
    private mutating func setting() -> String { K(pick(Pools.settings)) }
    private mutating func tier() -> String { K(pick(Pools.storageTiers)) }

    /// A technical clause with look-alikes, appended to many messages.
    private mutating func ctx() -> String {
        switch below(9) {
        case 0: return "(\(act()) on \(inst()) in \(region()))"
        case 1: return "(\(act()), \(pct()) complete after \(dur()))"
        case 2: return "on \(azSize()) in \(azRegion())"
        case 3: return "while migrating to \(db()), step \(act())"
        case 4: return "[agent \(ver())]"
        case 5: return "on \(gcpType()) in \(gcpRegion())"
        case 6: return "after \(dur()) on \(port())"
        case 7: return "(\(act()) attempt 3, \(setting()))"
        default: return "- target \(inst()) with \(tier()) volumes"
        }
    }

    /// A host name with its identifying part marked.
    private mutating func host(_ company: Pools.Company) -> String {
        let (display, secret) = v.host(company)
        return display.replacingOccurrences(of: secret, with: S(secret))
    }

    // MARK: Emails

    private mutating func email() -> String {
        let company = v.company()
        let person = v.person()
        var address = v.email(person, company)
        if chance(10) { address = address.uppercased() }
        let team = v.teamEmail(company)
        switch below(13) {
        case 0: return "\(act()) failed: notification to \(S(address)) bounced with \(K("550 5.1.1")) (mailbox unavailable) after \(dur())"
        case 1: return "Mailbox move for \(S(address)) stopped at \(pct()): \(K("MigrationPermanentException")), see the move report"
        case 2: return "Identity mapping failed for \(S(address)): no matching principal in the target directory (\(K("AADSTS50034")))"
        case 3: return "Owner tag '\(S(address))' was rejected by the tagging policy \(ctx())"
        case 4: return "DMS task paused at \(pct()) during \(act()); please contact \(S(address)) before restarting it"
        case 5: return "SMTP relay on \(K("port 587")) refused sender <\(S(address))>: 530 5.7.0 Must issue a \(K("STARTTLS")) command first"
        case 6: return "\(K("ERROR 1062 (23000)")): Duplicate entry '\(S(address))' for key 'users.email_unique' during \(K("import_db"))"
        case 7: return #"{"level":"error","step":"\#(act())","msg":"invite failed","user":"\#(S(address))","code":"\#(K("USER_EXISTS"))"}"#
        case 8: return "Cutover sign-off requested from \(S(address)) and \(S(team)); still waiting after \(dur())"
        case 9: return "ACME account registration for \(S(address)) failed: \(K("HTTP 429")) rateLimited, retry after \(dur())"
        case 10: return "Guest invitation to \(S(address)) failed with \(K("HTTP 403")) \(ctx())"
        case 11: return "mailto:\(S(address)) is listed as escalation contact but the mailbox is disabled (\(act()))"
        default: return "Alert routing: \(S(team)) and \(S(address)) receive \(K("SEV2")) pages for \(act())"
        }
    }

    // MARK: IP addresses

    private mutating func ipv4() -> String {
        let ip = v.ipv4()
        let other = v.privateIPv4()
        let publicIP = v.publicIPv4()
        switch below(12) {
        case 0:
            return
                "could not connect to server: Connection refused. Is the server running on host \"\(S(ip))\" and accepting TCP/IP connections on \(K("port 5432"))?"
        case 1: return "\(K("ORA-12541")): TNS:no listener (HOST=\(S(ip)))(PORT=1521) during \(act())"
        case 2: return "\(K("setup_vpn")): \(K("IKEv2")) negotiation with peer \(S(publicIP)) timed out after \(dur())"
        case 3: return "Readiness probe failed: Get \"http://\(S(ip)):8080/healthz\": dial tcp \(S(ip)):8080: connect: connection refused"
        case 4:
            return
                "Login failed for user 'migrator'. Reason: Password did not match that for the login provided. [CLIENT: \(S(ip))] (\(K("Error: 18456")))"
        case 5: return "\(K("cutover_dns")): A record still resolves to \(S(ip)) instead of \(S(other)) after \(K("TTL 300"))"
        case 6: return "Ping from \(S(ip)) to \(S(other)) lost \(pct()) of packets (\(K("MTU 1400")))"
        case 7:
            let a = "10.\(v.rng.int(0...255)).0.0"
            let b = "10.\(v.rng.int(0...255)).\(v.rng.int(0...63) * 4).0"
            return "VNet peering failed: address space \(S(a))/16 overlaps with the on-premises range \(S(b))/22 \(ctx())"
        case 8: return "SSH to \(S(ip)) on \(K("port 22")) refused during \(act()) on \(inst())"
        case 9: return "Replica \(S(ip)):3306 is \(dur()) behind the primary (\(K("MySQL 8.0")))"
        case 10: return "NFS server \(S(ip)) not responding, still trying (\(K("NFSv4.1"))) \(ctx())"
        default: return "X-Forwarded-For: \(S(publicIP)), \(S(ip)) - request blocked by the WAF during \(act())"
        }
    }

    private mutating func ipv6() -> String {
        func marked(_ pair: (display: String, address: String)) -> String {
            pair.display.replacingOccurrences(of: pair.address, with: S(pair.address))
        }
        let a = marked(v.ipv6())
        let b = marked(v.ipv6())
        switch below(11) {
        case 0: return "\(K("setup_vpn")): BGP session to \(a) went down after \(dur())"
        case 1: return "dial tcp \(a): connect: network is unreachable \(ctx())"
        case 2: return "upstream \(a) timed out (110: Connection timed out) while reading response header from upstream"
        case 3: return "Listener bound to \(a) but health checks from \(b) fail \(ctx())"
        case 4: return "ping6 \(a): \(K("100%")) packet loss during \(act())"
        case 5: return "AAAA record for the new front end still points to \(a) (\(K("NXDOMAIN")) on the secondary)"
        case 6: return "TCP Provider: An existing connection was forcibly closed by the remote host \(a) (\(K("SQL Server 2019")))"
        case 7: return "DHCPv6 lease for \(a) expired on \(azSize()) in \(azRegion())"
        case 8: return "ICMPv6 packet too big from \(a), \(K("MTU 1280")), during \(act())"
        case 9: return "Failover address \(a) not reachable from \(b) during \(act())"
        default: return "Security rule allows \(a) but traffic arrives from \(b) \(ctx())"
        }
    }

    // MARK: Host names

    private mutating func hostname() -> String {
        let company = v.company()
        let a = host(company)
        let b = host(company)
        switch below(13) {
        case 0: return "\(K("cutover_dns")): CNAME \(a) -> \(b) not propagated after \(dur()) (\(K("NXDOMAIN")) from the secondary)"
        case 1: return "getaddrinfo ENOTFOUND \(a) during \(act())"
        case 2: return "ssh: connect to host \(a) \(K("port 22")): Connection timed out"
        case 3: return "TLS handshake failed: x509: certificate is valid for \(b), not \(a)"
        case 4: return "Linked server '\(a)' reported \(K("error 7399")) during \(K("migrate_schema"))"
        case 5: return "Kerberos: KDC \(a) has no support for encryption type (\(K("AES-256")))"
        case 6:
            return
                "Cannot open server '\(a)' requested by the login. Client with IP address '\(S(v.publicIPv4()))' is not allowed to access the server. (\(K("error 40615")))"
        case 7: return "Endpoint \(a) unreachable from \(inst()) in \(region())"
        case 8: return "azcopy: \(K("HTTP 403")) AuthorizationPermissionMismatch on \(a) \(ctx())"
        case 9: return "Replication slot on \(a) is \(pct()) full (\(K("wal_level=logical")))"
        case 10: return "Zone transfer from \(a) refused (\(K("REFUSED")), serial mismatch)"
        case 11: return "JDBC connection to \(a) failed over to \(b) after \(dur())"
        default: return "Failed to pull image from \(a):5000: \(K("ImagePullBackOff"))"
        }
    }

    // MARK: URLs

    private mutating func url() -> String {
        let company = v.company()
        let person = v.person()
        let login = v.login(person)
        let password = safePassword()
        let (hostName, _) = v.host(company)
        let module = pick(Pools.modules)
        switch below(12) {
        case 0:
            return
                "git clone failed: fatal: unable to access 'https://\(S("\(login):\(password)@git.\(company.domain)/\(company.slug)/infra-live.git"))/': \(K("HTTP 403"))"
        case 1:
            return
                "Artifact download from http://\(S("\(v.privateIPv4()):8081/repository/\(company.slug)-releases/\(module)-agent.tar.gz")) failed with \(K("HTTP 401"))"
        case 2: return "Webhook POST https://\(S("\(hostName)/hooks/dms-events?token=\(v.highEntropy())")) returned \(K("HTTP 502")) \(ctx())"
        case 3:
            let account = String("\(company.slug)\(module)sa".prefix(24))
            return
                "SAS URL expired: https://\(S("\(account).blob.core.windows.net/exports/\(module).csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-01-31T00:00:00Z&sig=\(v.highEntropy().replacingOccurrences(of: "/", with: "%2F"))")) (\(K("AuthenticationFailed")))"
        case 4: return "Transfer from ftp://\(S("\(login):\(password)@\(hostName)/dumps/")) aborted at \(pct())"
        case 5: return "Redirect loop detected at https://\(S("\(hostName)/login?user=\(login)")) during \(act())"
        case 6: return "CI build https://\(S("jenkins.\(company.domain)/job/db-migrate/\(number(100...999))/console")) failed at stage \(act())"
        case 7: return "curl: (6) Could not resolve host for URL https://\(S("\(hostName)/api/v2/jobs")) \(ctx())"
        case 8: return "pip install from https://\(S("\(login):\(v.highEntropy())@pypi.\(company.domain)/simple/")) failed: \(K("HTTP 401"))"
        case 9:
            return
                "Dashboard link https://\(S("grafana.\(company.domain)/d/\(v.rng.string(from: Alphabet.alphanumeric, count: 9))/replication?orgId=1&var-db=\(company.slug)_\(module)")) shows \(pct()) lag"
        case 10: return "Proxy http://\(S("\(login):\(password)@proxy.\(company.domain):3128")) rejected CONNECT to \(K("port 443"))"
        default: return "Redirect URI http://\(S("\(login)@\(hostName):8443/oauth/callback")) is not registered for this client (\(K("AADSTS50011")))"
        }
    }

    private mutating func safePassword() -> String {
        let base = v.rng.string(from: Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"), count: v.rng.int(10...16))
        return base + pick(["!", "*", "$", "~", "-", ""]) + number(10...99)
    }

    // MARK: Paths

    private mutating func path() -> String {
        let company = v.company()
        let person = v.person()
        let login = v.login(person)
        let module = pick(Pools.modules)
        let Module = module.prefix(1).uppercased() + module.dropFirst()
        switch below(13) {
        case 0: return "PermissionError: [\(K("Errno 13"))] Permission denied: '\(S("/home/\(login)/migration/exports/\(module)_2024.csv"))'"
        case 1: return #"robocopy \#(K("ERROR 5 (0x00000005)")) Accessing Source Directory \#(S(#"\\fs01.\#(company.domain)\\#(module)$\exports\"#))"#
        case 2:
            return
                #"BACKUP DATABASE failed: Cannot open backup device '\#(S(#"D:\MSSQL\Bak\\#(company.module)\\#(Module)_full.bak"#))'. Operating system error 3 (\#(K("Msg 3201")))"#
        case 3: return "rsync: link_stat \"\(S("/mnt/nfs/\(company.slug)-\(module)/q3/"))\" failed: No such file or directory (2) \(ctx())"
        case 4: return #"azcopy: failed to scan \#(S(#"C:\Users\\#(login)\Documents\export"#)): Access is denied."#
        case 5: return "Error: \(K("EACCES")): permission denied, open '\(S("/Users/\(login)/.aws/credentials"))'"
        case 6:
            return "pg_restore: error: could not open input file \"\(S("/home/\(login)/dumps/\(module)_20240311.dump"))\": No such file or directory"
        case 7: return #"Failed to attach \#(S(#"E:\MSSQL\DATA\\#(company.module)_\#(Module).mdf"#)) (\#(K("Msg 5120"))) on \#(azSize())"#
        case 8: return #"Copy-Item : Access to the path '\#(S(#"\\\#(v.privateIPv4())\share$\\#(login)\migration.log"#))' is denied."#
        case 9: return #"Unable to load \#(S(#"C:\Program Files\\#(company.name)\Sync Agent\agent.config"#)) \#(ctx())"#
        case 10: return "Terraform: Error: open \(S("/home/\(login)/\(company.slug)-infra/envs/prod.auto.tfvars")): permission denied"
        case 11:
            return
                #"Get-ChildItem: Cannot find path '\#(S(#"\\?\C:\Users\\#(login)\OneDrive - \#(company.name)\migration"#))' because it does not exist."#
        default:
            return "tar: \(S("/srv/\(company.slug)/\(module)/exports/ledger-2024-10.tar.gz")): Cannot open: No space left on device (\(K("ENOSPC")))"
        }
    }

    // MARK: Connection strings

    private mutating func connectionString() -> String {
        let company = v.company()
        let person = v.person()
        let hostName = host(company)
        let module = pick(Pools.modules)
        let user: String = {
            switch below(3) {
            case 0: return S(v.login(person))
            case 1: return S("svc_\(company.slug)_mig")
            default: return pick(["migrator", "dms_user", "replicator", "app_rw"])
            }
        }()
        let password = S(safePassword())
        let database = chance(50) ? S("\(company.slug)_\(module)") : module
        switch below(14) {
        case 0: return "\(act()) failed: could not connect using postgres://\(user):\(password)@\(hostName):5432/\(database) (\(K("SQLSTATE 08006")))"
        case 1:
            return "pgloader: FATAL: password authentication failed, source postgresql://\(user):\(password)@\(hostName)/\(database)?sslmode=require"
        case 2:
            return
                "Debezium connector failed: jdbc:postgresql://\(hostName):5432/\(database)?user=\(user)&password=\(password)&ssl=true (\(K("SQLSTATE 28P01")))"
        case 3:
            return
                "\(K("ORA-01017")): invalid username/password; logon denied (jdbc:oracle:thin:\(user)/\(password)@//\(hostName):1521/\(module.uppercased())PDB)"
        case 4:
            return "jdbc:sqlserver://\(hostName):1433;databaseName=\(database);user=\(user);password=\(password);encrypt=true -> \(K("Msg 18456"))"
        case 5:
            return
                "Server=tcp:\(hostName),1433;Initial Catalog=\(database);Persist Security Info=False;User ID=\(user);Password=\(password);MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30; failed with \(K("error 40532"))"
        case 6: return "Data Source=\(hostName);Initial Catalog=\(database);User Id=\(user);Password=\(password); -> \(K("Msg 4060")) \(ctx())"
        case 7:
            let quoted = S(v.rng.string(from: Alphabet.alphanumeric, count: 6) + ";" + v.rng.string(from: Alphabet.alphanumeric, count: 6) + "!")
            return
                "Npgsql: Host=\(hostName);Port=5432;Database=\(database);Username=\(user);Password=\"\(quoted)\";SSL Mode=Require - \(K("28P01")) password authentication failed"
        case 8:
            return
                "MongoServerSelectionError after \(dur()): mongodb+srv://\(user):\(password)@\(S("cluster0.\(v.rng.string(from: Alphabet.lowerDigits, count: 5))")).mongodb.net/\(database)?retryWrites=true&w=majority"
        case 9: return "redis://:\(password)@\(hostName):6379/0 - NOAUTH Authentication required \(ctx())"
        case 10: return "amqps://\(user):\(password)@\(hostName):5671/\(module) connection closed: 403 ACCESS_REFUSED"
        case 11:
            return
                "(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=\(hostName))(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=\(module.uppercased())PRD))) \(K("ORA-12514")) during \(act())"
        case 12: return "mysql://\(user):\(password)@\(hostName):3306/\(database): \(K("ERROR 1045 (28000)")): Access denied"
        default:
            return
                "Provider=MSOLEDBSQL;Data Source=\(hostName);User ID=\(user);Password=\(password);Initial Catalog=\(database) - login timeout expired after \(dur())"
        }
    }

    // MARK: key=value secrets

    private mutating func keyValueSecret() -> String {
        let company = v.company()
        let key = pick([
            "password", "passwd", "pwd", "secret", "client_secret", "token", "access_token", "api_key", "apikey",
            "api-key", "auth_token", "db_password", "DB_PASS", "MYSQL_ROOT_PASSWORD", "SPRING_DATASOURCE_PASSWORD",
            "AZURE_CLIENT_SECRET", "ARM_CLIENT_SECRET", "REDIS_PASSWORD", "sas_token", "passphrase", "PGPASSWORD",
        ])
        let value = chance(40) ? v.password() : (chance(50) ? safePassword() : v.highEntropy())
        let pair: String
        switch below(8) {
        case 0: pair = "\(key)=\(S(value))"
        case 1: pair = "\(key): \(S(value))"
        case 2: pair = "\(key) = \(S(value))"
        case 3: pair = "\"\(key)\": \"\(S(value))\""
        case 4: pair = "\(key): '\(S(value))'"
        case 5: pair = "export \(key.uppercased())=\"\(S(value))\""
        case 6: pair = "<\(key)>\(S(value))</\(key)>"
        default: pair = "--\(key) \(S(value))"
        }
        switch below(13) {
        case 0: return "Helm install failed: values.yaml: \(pair) is not valid base64 \(ctx())"
        case 1: return "Ansible task 'configure app' failed: {\"changed\": false, \"msg\": \"template error\", \"\(key)\": \"\(S(value))\"}"
        case 2: return "\(act()) aborted: config validation error near \(pair) (\(K("exit code 1")))"
        case 3: return "mysqldump -h \(host(company)) -u migrator -p'\(S(safePassword()))' \(pick(Pools.modules)) failed: \(K("ERROR 2003 (HY000)"))"
        case 4: return "Retrying \(act()) with \(pair) after \(dur())"
        case 5: return "password: \"\(S(v.passphrase()))\" was rejected by the password policy \(ctx())"
        case 6: return "Authorization: Basic \(S(Data("\(v.login(v.person())):\(safePassword())".utf8).base64EncodedString())) -> \(K("HTTP 401"))"
        case 7: return "Authorization: Bearer \(S(v.highEntropy())) rejected by the migration API (\(K("HTTP 401")))"
        case 8: return "X-API-Key: \(S(v.rng.string(from: Alphabet.lowerHex, count: 32))) is not valid for \(act())"
        case 9: return "<add key=\"ClientSecret\" value=\"\(S(value))\" /> in web.config is not encrypted \(ctx())"
        case 10: return "env dump before crash: PGHOST=\(host(company)) PGUSER=migrator PGPASSWORD=\(S(safePassword())) PGSSLMODE=require"
        case 11: return "Secret scan found \(pair) in pipeline logs for \(act())"
        default: return "Spring Boot: Failed to configure a DataSource, \(pair) (\(K("HikariPool-1")) timeout after \(dur()))"
        }
    }

    // MARK: AWS

    private mutating func awsAccessKey() -> String {
        let accessKey = v.awsAccessKeyId()
        let secretKey = v.awsSecretKey()
        switch below(10) {
        case 0:
            return
                "An error occurred (\(K("InvalidClientTokenId"))) when calling the GetCallerIdentity operation: The security token included in the request is invalid. Access key: \(S(accessKey))"
        case 1: return "[default]\naws_access_key_id = \(S(accessKey))\naws_secret_access_key = \(S(secretKey))\nregion = \(region())"
        case 2: return "\(K("SignatureDoesNotMatch")): Credential=\(S(accessKey))/20240312/\(pick(Pools.awsRegions))/s3/aws4_request"
        case 3: return "DataSync agent activation failed with access key \(S(accessKey)): session token expired after \(dur())"
        case 4: return "env: AWS_ACCESS_KEY_ID=\(S(accessKey)) AWS_DEFAULT_REGION=\(region()) (\(K("ExpiredToken")))"
        case 5: return "credentials.csv:\nUser name,Access key ID,Secret access key\nsvc-dms,\(S(accessKey)),\(S(secretKey))"
        case 6: return "s3 sync: \(K("AccessDenied")) for key id \(S(accessKey)) on \(inst())"
        case 7: return "CloudTrail: ConsoleLogin failed, accessKeyId \"\(S(accessKey))\" userName \"\(S(v.login(v.person())))\""
        case 8: return "Rotated key \(S(accessKey)) is still used by the \(act()) job on \(inst())"
        default: return "UnrecognizedClientException: The security token included in the request is invalid (\(S(accessKey))) \(ctx())"
        }
    }

    private mutating func awsSecretKey() -> String {
        let accessKey = v.awsAccessKeyId()
        let secretKey = v.awsSecretKey()
        switch below(9) {
        case 0: return "AWS_SECRET_ACCESS_KEY=\(S(secretKey)) rejected: \(K("SignatureDoesNotMatch"))"
        case 1: return "s3cmd --access_key=\(S(accessKey)) --secret_key=\(S(secretKey)) sync failed at \(pct())"
        case 2:
            return
                "provider \"aws\" { access_key = \"\(S(accessKey))\" secret_key = \"\(S(secretKey))\" region = \"\(region())\" } -> \(K("InvalidClientTokenId"))"
        case 3: return "rclone [s3] access_key_id = \(S(accessKey)) secret_access_key = \(S(secretKey))"
        case 4: return "Unexpected value in the migration log line 3: \(S(secretKey))"
        case 5: return "DMS endpoint test failed; credentials \(S(accessKey)):\(S(secretKey)) are not valid in \(region())"
        case 6: return "serverless.yml: secretAccessKey: '\(S(secretKey))' must not be committed \(ctx())"
        case 7: return "docker run -e AWS_SECRET_ACCESS_KEY=\(S(secretKey)) migrator:\(ver()) exited with \(K("exit code 137"))"
        default: return "aws configure set aws_secret_access_key \(S(secretKey)) --profile migration failed: profile not found"
        }
    }

    /// An ARN with its identifying part marked: the account id and resource, or the bucket and
    /// key. The `arn:partition:service:region:` head is public and left unmarked (it would share
    /// fragments with other ARNs and regions in the same text).
    private mutating func arnValue(_ company: Pools.Company, account: String) -> String {
        let regionName = pick(Pools.awsRegions)
        let partition = pick(["aws", "aws", "aws", "aws", "aws-us-gov", "aws-cn"])
        let module = pick(Pools.modules)
        switch below(9) {
        case 0: return "arn:\(partition):iam::\(S("\(account):role/\(company.module)DmsRole"))"
        case 1: return "arn:\(partition):s3:::\(S("\(company.slug)-\(module)-exports/2024/q3.csv"))"
        case 2: return "arn:\(partition):rds:\(regionName):\(S("\(account):db:\(company.slug)-\(module)-prd"))"
        case 3: return "arn:\(partition):kms:\(regionName):\(S("\(account):key/\(v.guid())"))"
        case 4: return "arn:\(partition):lambda:\(regionName):\(S("\(account):function:\(company.slug)-\(module)-sync"))"
        case 5: return "arn:\(partition):sts::\(S("\(account):assumed-role/\(company.module)Admin/\(v.login(v.person()))"))"
        case 6:
            // The resource type spells "secret": the account and the name are marked apart.
            return
                "arn:\(partition):secretsmanager:\(regionName):\(S(account)):secret:\(S("\(company.slug)/\(module)/db-\(v.rng.string(from: Alphabet.alphanumeric, count: 6))"))"
        case 7: return "arn:\(partition):sns:\(regionName):\(S("\(account):\(company.slug)-ops-alerts"))"
        default: return "arn:\(partition):iam::\(S("\(account):user/\(v.login(v.person()))"))"
        }
    }

    private mutating func arn() -> String {
        let company = v.company()
        let account = v.awsAccountId()
        let a = arnValue(company, account: account)
        let b = arnValue(company, account: account)
        switch below(9) {
        case 0:
            return
                "User: \(a) is not authorized to perform: \(K("s3:PutObject")) on resource: \(b) because no identity-based policy allows the s3:PutObject action"
        case 1: return "\(K("AccessDenied")): \(a) is not allowed to use \(b)"
        case 2: return "KMS key \(a) is pending deletion; \(act()) cannot decrypt the snapshot"
        case 3: return "Resource \(a) timed out after \(dur())"
        case 4: return "Snapshot copy to \(a) failed: \(K("KMSKeyNotAccessibleFault"))"
        case 5: return "Secrets Manager can't find the specified secret \(a) (\(K("ResourceNotFoundException")))"
        case 6: return "Publish to \(a) failed: \(K("AuthorizationError")) \(ctx())"
        case 7: return "aws-auth ConfigMap has no mapping for \(a); kubectl returns \(K("HTTP 401"))"
        default: return "Trust policy of \(a) does not allow \(b) \(ctx())"
        }
    }

    private mutating func awsAccountId() -> String {
        let company = v.company()
        let account = v.awsAccountId()
        let dashed = Values.group(account, [4, 4, 4], separator: "-")
        switch below(10) {
        case 0: return "AssumeRole failed: account \(S(account)) is not a member of the organization (\(K("AccessDenied")))"
        case 1: return "Account ID: \(S(dashed)) exceeded the vCPU quota for \(inst()) (\(K("VcpuLimitExceeded")))"
        case 2:
            return "push to \(S(account)).dkr.ecr.\(pick(Pools.awsRegions)).amazonaws.com/\(S("\(company.slug)/api")):\(pick(Pools.versions)) denied"
        case 3: return "Cross-account replication to bucket owner \(S(account)) failed: \(K("HTTP 403"))"
        case 4: return "--account-id \(S(account)) is not enrolled in Control Tower \(ctx())"
        case 5: return "<Error><Code>\(K("AccessDenied"))</Code><AccountId>\(S(account))</AccountId></Error>"
        case 6: return "SCP blocks account '\(S(account))' from \(region()) during \(act())"
        case 7: return "Linked account \(S(account)) has used \(pct()) of its migration budget"
        case 8: return "Organizations: account \(S(dashed)) is suspended, \(act()) skipped"
        default: return "OwnerId \(S(account)) does not match the AMI owner for \(inst())"
        }
    }

    // MARK: Azure

    private mutating func azureGuid() -> String {
        let company = v.company()
        let module = pick(Pools.modules)
        let upper = chance(15)
        let a = S(v.guid(uppercase: upper))
        let b = S(v.guid(uppercase: upper))
        let c = S(v.guid())
        let group = S("rg-\(company.slug)-\(module)-\(pick(Pools.environments))")
        switch below(10) {
        case 0:
            return
                "\(K("AuthorizationFailed")): The client '\(a)' with object id '\(b)' does not have authorization to perform action 'Microsoft.Resources/deployments/write' over scope '/subscriptions/\(c)/resourcegroups/\(group)' or the scope is invalid."
        case 1: return "\(K("AADSTS90002")): Tenant '\(a)' not found. Check to make sure you have the correct tenant ID \(ctx())"
        case 2: return "az account set --subscription \(a) failed: The subscription could not be found"
        case 3: return "\(K("AADSTS700016")): Application with identifier '\(a)' was not found in the directory '\(b)'."
        case 4: return "tenantId: \(a)\nsubscriptionId: \(b)\nlocation: \(azRegion())"
        case 5: return "Appliance registration failed for subscription {\(a)} (\(K("HTTP 409")))"
        case 6:
            return
                "/subscriptions/\(a)/resourceGroups/\(group)/providers/Microsoft.Compute/virtualMachines/\(S("vm-\(company.slug)-\(module)01")) is in a failed state on \(azSize())"
        case 7: return "Backup of \(act()) in subscription \(a) failed: \(K("UserErrorGuestAgentStatusUnavailable"))"
        case 8: return "ARM_TENANT_ID=\(a) ARM_SUBSCRIPTION_ID=\(b) terraform apply -> \(K("AuthorizationFailed"))"
        default: return "Service principal \(a) in tenant \(b) lacks the Contributor role on \(group)"
        }
    }

    private mutating func azureStorageKey() -> String {
        let company = v.company()
        let account = S(String("\(company.slug)\(pick(Pools.modules))sa".prefix(24)))
        let key = S(v.azureStorageKey())
        switch below(8) {
        case 0:
            return
                "DefaultEndpointsProtocol=https;AccountName=\(account);AccountKey=\(key);EndpointSuffix=core.windows.net - \(K("AuthenticationFailed"))"
        case 1: return "az storage blob upload-batch --account-name \(account) --account-key \(key) failed: \(K("AuthenticationFailed"))"
        case 2: return "AZURE_STORAGE_KEY=\(key) set for \(act()) \(ctx())"
        case 3: return "Storage key rotated; key1 \(key) is no longer valid for \(account)"
        case 4: return "storageAccountKey: \(key) found in pipeline variables"
        case 5:
            return
                "mount error(13): Permission denied: mount -t cifs //\(account).file.core.windows.net/share /mnt/share -o username=\(account),password=\(key)"
        case 6: return "azcopy login failed, falling back to shared key \(key) for \(account) (\(K("HTTP 403")))"
        default: return "{\"accountName\": \"\(account)\", \"accountKey\": \"\(key)\", \"step\": \"\(act())\"}"
        }
    }

    // MARK: Google Cloud

    private mutating func gcpProject() -> String {
        let company = v.company()
        let project = S(v.gcpProjectId(company))
        switch below(9) {
        case 0:
            return "\(K("PERMISSION_DENIED")): Permission 'storage.objects.create' denied on resource (or it may not exist) for project \(project)"
        case 1: return "projects/\(project)/zones/\(pick(Pools.gcpRegions))-a/instances/\(S("\(company.slug)-vm-\(number(10...99))")) was not found"
        case 2: return "gcloud config set project \(project) && gcloud sql import failed: \(K("HTTPError 403"))"
        case 3: return "BigQuery error in load operation: Access Denied: Table \(project):billing_ds.ledger: User does not have permission \(ctx())"
        case 4: return "Cloud SQL instance \(project):\(pick(Pools.gcpRegions)):\(S("\(company.slug)-pg-\(number(1...9))")) is not running"
        case 5: return "projects/\(project)/locations/\(pick(Pools.gcpRegions))/migrationJobs/job-\(number(100...999)) failed after \(dur())"
        case 6: return "Quota 'CPUS' exceeded. Limit: 24.0 in region \(gcpRegion()) for project \(project)"
        case 7: return "Project number \(S(v.projectNumber())) (\(project)) has billing disabled; \(act()) stopped"
        default: return "--project=\(project) datastream stream create failed: \(K("FAILED_PRECONDITION"))"
        }
    }

    private mutating func gcpServiceAccount() -> String {
        let company = v.company()
        let project = v.gcpProjectId(company)
        let local =
            chance(30)
            ? v.login(v.person()).replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "_", with: "-")
            : pick(["dms-runner", "migrator", "tf-deployer", "datastream-sa", "velero-backup"])
        let account = S("\(local)@\(project)") + ".iam.gserviceaccount.com"
        let projectNumber = S(v.projectNumber())
        switch below(8) {
        case 0: return "\(account) does not have storage.buckets.get access to the Google Cloud Storage bucket (\(K("HTTP 403")))"
        case 1: return "Caller \(account) lacks iam.serviceAccounts.actAs during \(act())"
        case 2: return "\(projectNumber)-compute@developer.gserviceaccount.com: \(K("PERMISSION_DENIED")) \(ctx())"
        case 3: return "service-\(projectNumber)@gcp-sa-cloudsql.iam.gserviceaccount.com needs roles/cloudkms.cryptoKeyEncrypterDecrypter"
        case 4: return "The key file for \(account) expired; \(act()) cannot authenticate"
        case 5: return "Workload identity: KSA default/etl-worker cannot impersonate \(account)"
        case 6:
            return
                "{\"type\": \"service_account\", \"project_id\": \"\(S(project))\", \"private_key_id\": \"\(S(v.rng.string(from: Alphabet.lowerHex, count: 40)))\", \"client_email\": \"\(account)\"}"
        default: return "gsutil: \(account) is not authorized for \(act()) on \(gcpType())"
        }
    }

    // MARK: Tokens

    private mutating func githubToken() -> String {
        let company = v.company()
        let token = S(v.githubToken())
        switch below(8) {
        case 0: return "git clone https://x-access-token:\(token)@github.com/\(S(company.slug))/infra-live.git failed: Authentication failed"
        case 1: return "GITHUB_TOKEN=\(token) lacks the repo scope for \(act())"
        case 2: return "curl -H 'Authorization: token \(token)' returned \(K("HTTP 401")) Bad credentials"
        case 3: return "Runner registration with \(token) failed \(ctx())"
        case 4: return "Secret scanning alert: \(token) found in migration.log"
        case 5: return "terraform: github provider token = \"\(token)\" expired (\(K("HTTP 401")))"
        case 6: return "npm ERR! 401 Unauthorized - GET https://npm.pkg.github.com/@\(S(company.slug))%2fsdk - token \(token)"
        default: return "Actions: checkout failed using \(token) after \(dur())"
        }
    }

    private mutating func gitlabToken() -> String {
        let company = v.company()
        let token = S(v.gitlabToken())
        switch below(8) {
        case 0: return "remote: HTTP Basic: Access denied. token \(token) is expired (\(K("HTTP 401")))"
        case 1: return "PRIVATE-TOKEN: \(token) rejected by gitlab.\(S(company.domain)) \(ctx())"
        case 2: return "gitlab-runner register --token \(token) failed: \(K("HTTP 403"))"
        case 3: return "CI_JOB_TOKEN fallback used because \(token) was revoked; \(act()) continues"
        case 4: return "git push https://oauth2:\(token)@gitlab.com/\(S(company.slug))/migration.git rejected"
        case 5: return "Terraform state backend: token \(token) has no api scope"
        case 6: return "Secret detection: \(token) committed in .gitlab-ci.yml during \(act())"
        default: return "glab auth login --token \(token) failed after \(dur())"
        }
    }

    private mutating func slackToken() -> String {
        let token = S(v.slackToken())
        switch below(8) {
        case 0: return "Slack notify failed (invalid_auth) with token \(token) after \(act())"
        case 1: return "SLACK_BOT_TOKEN=\(token) missing scope chat:write"
        case 2: return "POST https://hooks.slack.com/services/\(S(v.slackWebhookPath())) returned \(K("HTTP 404")) no_service"
        case 3: return "Alertmanager: slack_api_token \(token) revoked \(ctx())"
        case 4: return "Bolt app start failed: token \(token) is not a valid bot token (\(K("not_authed")))"
        case 5: return "Migration bot posted with \(token); rate limited (\(K("HTTP 429")))"
        case 6: return "Authorization: Bearer \(token) -> {\"ok\":false,\"error\":\"token_revoked\"}"
        default: return "Secret scan found a Slack token \(token) in the runbook for \(act())"
        }
    }

    private mutating func stripeKey() -> String {
        let key = S(v.stripeKey())
        switch below(8) {
        case 0: return "Stripe webhook replay failed: No such customer; key \(key) (\(K("HTTP 404")))"
        case 1: return "STRIPE_SECRET_KEY=\(key) used in staging \(ctx())"
        case 2: return "stripe.error.AuthenticationError: Invalid API Key provided: \(key)"
        case 3: return "Payment sync paused at \(pct()): restricted key \(key) lacks charges:read"
        case 4: return "curl https://api.stripe.com/v1/charges -u \(key): returned \(K("HTTP 401"))"
        case 5: return "Webhook signing secret \(key) does not match the endpoint"
        case 6: return "Config drift during \(act()): stripe.apiKey = \"\(key)\""
        default: return "Secret scanning: \(key) found in the billing export job after \(dur())"
        }
    }

    private mutating func googleApiKey() -> String {
        let key = S(v.googleApiKey())
        switch below(8) {
        case 0: return "Geocoding of site inventory failed: API key \(key) not valid. Please pass a valid API key. (\(K("HTTP 400")))"
        case 1: return "GOOGLE_API_KEY=\(key) is restricted to other referrers \(ctx())"
        case 2: return "https://maps.googleapis.com/maps/api/geocode/json?address=x&key=\(key) -> \(K("REQUEST_DENIED"))"
        case 3: return "Firebase init failed: apiKey \"\(key)\" belongs to another project"
        case 4: return "Translation API quota exceeded for key \(key) after \(pct()) of documents"
        case 5: return "YouTube Data API: \(key) has been suspended"
        case 6: return "Secret scan found \(key) in app.config during \(act())"
        default: return "Places API call with \(key) failed after \(dur())"
        }
    }

    private mutating func jwt() -> String {
        let token = S(v.jwt(v.person(), v.company()))
        switch below(8) {
        case 0: return "\(K("HTTP 401")) invalid_token (expired) for Bearer \(token)"
        case 1: return "Authorization: Bearer \(token) rejected during \(act())"
        case 2: return "id_token=\(token) rejected: \(K("AADSTS50013")) assertion failed signature validation"
        case 3: return "Token \(token) has an audience mismatch \(ctx())"
        case 4: return "Set-Cookie: session=\(token); Path=/; HttpOnly; Secure"
        case 5: return "kubectl: error: You must be logged in to the server (Unauthorized); token \(token)"
        case 6: return "MSAL: refresh failed, access token \(token) expired \(dur()) ago"
        default: return "{\"error\":\"invalid_grant\",\"assertion\":\"\(token)\",\"step\":\"\(act())\"}"
        }
    }

    private mutating func privateKey() -> String {
        let escaped = chance(30)
        let (block, body) = v.privateKey(escapedNewlines: escaped)
        let markedBlock = block.replacingOccurrences(of: body, with: S(body))
        if escaped {
            switch below(3) {
            case 0: return "{\"type\": \"service_account\", \"private_key\": \"\(markedBlock)\", \"step\": \"\(act())\"}"
            case 1: return "Vault write failed (\(K("HTTP 400"))): value=\"\(markedBlock)\""
            default: return "env SSH_PRIVATE_KEY=\"\(markedBlock)\" is not a valid key \(ctx())"
            }
        }
        switch below(6) {
        case 0: return "Vault write secret/data/migration/ssh failed (\(K("HTTP 400"))): value starts with\n\(markedBlock)"
        case 1: return "ssh: no key found\n\(markedBlock)\nduring \(act())"
        case 2: return "cert-manager: tls.key in the secret is not valid:\n\(markedBlock)"
        case 3: return "tls_private_key.migration.private_key_pem = <<EOT\n\(markedBlock)\nEOT"
        case 4: return "Key Vault import failed (\(K("BadParameter"))):\n\(markedBlock)"
        default: return "Ansible debug output for \(act()):\n\(markedBlock)"
        }
    }

    private mutating func highEntropy() -> String {
        let blob = S(v.highEntropy())
        switch below(8) {
        case 0: return "HMAC \(blob) does not match the expected signature for the webhook delivery"
        case 1: return "Unexpected credential blob \(blob) in the migration manifest \(ctx())"
        case 2: return "Unseal key share \(blob) rejected"
        case 3: return "Session \(blob) expired during \(act())"
        case 4: return "X-Amz-Security-Token: \(blob) (\(K("ExpiredToken")))"
        case 5: return "refresh_token \(blob) was revoked after \(dur())"
        case 6: return "Replay detected: nonce \(blob) already used"
        default: return "Decryption failed for envelope \(blob) on \(inst())"
        }
    }

    // MARK: Financial and contact data

    private mutating func creditCard() -> String {
        let card = v.card()
        let digitsOnly = card.filter(\.isNumber)
        switch below(9) {
        case 0: return "DMS validation mismatch on table payments.cards: source '\(S(card))' != target '\(S(digitsOnly))'"
        case 1: return "Data masking job failed: unmasked PAN \(S(card)) found in column card_no (\(K("PCI DSS")))"
        case 2: return "duplicate key value violates unique constraint \"cards_pkey\" DETAIL: Key (card_number)=(\(S(card))) already exists."
        case 3: return "Import: card \(S(card)) declined (\(K("card_declined"))) \(ctx())"
        case 4: return "Tokenization service timeout for \(S(card)) after \(dur())"
        case 5: return "\(K("ORA-12899")): value too large for column \"PAY\".\"CARD_NO\" (actual: 19, maximum: 16) value \(S(card))"
        case 6: return "Found card number \(S(card)) in a log line shipped to \(K("CloudWatch"))"
        case 7: return "Row rejected by \(act()): {\"pan\": \"\(S(card))\", \"exp\": \"12/27\"}"
        default: return "Chargeback export contains \(S(card)) in the free-text column"
        }
    }

    private mutating func iban() -> String {
        let value = v.iban()
        switch below(8) {
        case 0: return "SEPA export: IBAN \(S(value)) rejected by the bank (\(K("AC01")) incorrect account number)"
        case 1: return "ETL mapping: iban=\(S(value)) too long for \(K("VARCHAR(22)"))"
        case 2: return "Payment file validation failed: creditor account \(S(value)) not reachable via SCT Inst \(ctx())"
        case 3: return "Duplicate IBAN \(S(value)) for two customers during \(act())"
        case 4: return "pain.001 schema error: <IBAN>\(S(value.replacingOccurrences(of: " ", with: "")))</IBAN> is invalid"
        case 5: return "Lastschrift fehlgeschlagen: IBAN \(S(value)) (\(K("MD07")))"
        case 6: return "Refund to \(S(value)) failed after \(dur())"
        default: return "Vendor master data sync: bank account \(S(value)) differs between source and target"
        }
    }

    private mutating func phone() -> String {
        let number = v.phone()
        switch below(8) {
        case 0: return "SMS OTP to \(S(number)) failed (provider error \(K("21614")))"
        case 1: return "On-call escalation: could not reach \(S(number)) during the cutover window \(ctx())"
        case 2: return "Twilio error 21211: Invalid 'To' Phone Number: \(S(number))"
        case 3: return "PagerDuty: contact method \(S(number)) bounced during \(act())"
        case 4: return "Customer record has phone \(S(number)) in the free-text column notes"
        case 5: return "Callback requested to \(S(number)) after \(act()) failed"
        case 6: return "tel: \(S(number)) / fax: \(S(v.phone()))"
        default: return "Voice bridge \(S(number)) unreachable, \(pct()) of the team joined"
        }
    }

    private mutating func macAddress() -> String {
        let mac = S(v.mac())
        switch below(8) {
        case 0: return "DHCP reservation for \(mac) conflicts with an existing lease"
        case 1: return "ENI eth1 (\(mac)) failed to attach on \(inst())"
        case 2: return "Hyper-V: network adapter \(mac) not found after \(act())"
        case 3: return "arp: \(S(v.privateIPv4())) at \(mac) on \(K("bond0"))"
        case 4: return "MAC address \(mac) is a duplicate on this vSwitch \(ctx())"
        case 5: return "NIC \(mac) on \(azSize()) has accelerated networking disabled"
        case 6: return "Wake-on-LAN packet to \(mac) not acknowledged"
        default: return "License bound to host id \(mac) does not match the target VM"
        }
    }

    // MARK: Stack traces

    private mutating func stackTrace() -> String {
        let company = v.company()
        let module = pick(Pools.modules)
        let Module = module.prefix(1).uppercased() + module.dropFirst()
        let line = { (r: inout SeededGenerator) in String(r.int(12...980)) }
        let login = v.login(v.person())
        switch below(7) {
        case 0:
            let pkg = S("com.\(company.slug).\(module)")
            return """
                java.sql.SQLRecoverableException: IO Error: The Network Adapter could not establish the connection
                \tat oracle.jdbc.driver.T4CConnection.logon(T4CConnection.java:\(line(&v.rng)))
                \tat \(pkg).migration.BatchCopier.openTarget(BatchCopier.java:\(line(&v.rng)))
                \tat \(pkg).migration.BatchCopier.run(BatchCopier.java:\(line(&v.rng)))
                \tat java.base/java.lang.Thread.run(Thread.java:833)
                """
        case 1:
            let file = S("/opt/\(company.slug)/etl/loaders/\(module).py")
            return """
                Traceback (most recent call last):
                  File \"\(file)\", line \(line(&v.rng)), in load_batch
                    cur.copy_expert(sql, buf)
                psycopg2.errors.\(K("UniqueViolation")): duplicate key value violates unique constraint "uq_batch_row"
                """
        case 2:
            let pkg = S("github.com/\(company.slug)/\(module)")
            return """
                panic: runtime error: invalid memory address or nil pointer dereference
                [signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a2f1c]

                goroutine 17 [running]:
                \(pkg)/replica.(*Worker).apply(0xc0001a2000)
                \t\(S("/home/\(login)"))/go/src/\(pkg)/replica/worker.go:\(line(&v.rng)) +0x1d4
                """
        case 3:
            let namespace = S("\(company.module).\(Module)")
            return """
                System.Data.SqlClient.SqlException (0x80131904): Login failed for user '\(S("\(company.slug.uppercased())\\svc_\(module)"))'.
                   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity)
                   at \(namespace).Migration.BatchRunner.ExecuteAsync(CancellationToken ct) in D:\\a\\1\\s\\src\\\(namespace).Migration\\BatchRunner.cs:line \(line(&v.rng))
                """
        case 4:
            let file = S("/srv/\(company.slug)-portal/api/handlers/\(module).js")
            return """
                Error: connect \(K("ETIMEDOUT")) \(S(v.privateIPv4())):5432
                    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
                    at async exportBatch (\(file):\(line(&v.rng)):17)
                """
        case 5:
            let moduleName = S("\(company.module)\(Module)")
            return """
                Fatal error: Unexpectedly found nil while unwrapping an Optional value: file \(moduleName)/SyncEngine.swift, line \(line(&v.rng))
                0  \(moduleName)  0x0000000100f2a1c4 SyncEngine.replicate() + 412
                1  \(moduleName)  0x0000000100f29e80 main + 96
                """
        default:
            let pkg = S("com.\(company.slug).\(module)")
            return """
                org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved (\(K("SQLSTATE 53300")))
                \tat org.postgresql.core.v3.ConnectionFactoryImpl.doAuthentication(ConnectionFactoryImpl.java:\(line(&v.rng)))
                \tat \(pkg).sync.CdcReader.poll(CdcReader.java:\(line(&v.rng)))
                """
        }
    }

    // MARK: Names

    private mutating func personName() -> String {
        let person = v.person()
        let other = v.person()
        let n = markedName(person)
        switch below(16) {
        case 0: return "\(n) restarted the DMS task after \(dur())."
        case 1: return "Cutover postponed, contact \(n) (DBA) before \(act())"
        case 2: return "user \(n) could not be mapped to a target identity \(ctx())"
        case 3: return "Escalated to \(n) after \(pct()) of the tables failed validation"
        case 4: return "Change request approved by \(n); the freeze starts after \(act())"
        case 5: return "Assigned to: \(markedName(person, written: "\(person.surname), \(person.given)"))"
        case 6: return "Owner: \(n), backup owner: \(markedName(other))"
        case 7: return "Per \(n)'s request the \(act()) step was skipped"
        case 8: return "\(markedName(person, written: "\(pick(["Mr.", "Ms.", "Dr."])) \(person.surname)")) confirmed the rollback after \(dur())"
        case 9: return "cc: \(n), \(markedName(other))"
        case 10: return "Login failed for user '\(S(v.login(person)))' (\(K("Msg 18456")))"
        case 11:
            return "Runbook step owner \(markedName(person, written: "\(person.given.prefix(1)). \(person.surname)")) did not acknowledge \(act())"
        case 12: return "On behalf of \(n): please retry \(act()) on \(inst())"
        case 13: return "Reported by \(n) at 09:12 - replication lag \(dur())"
        case 14: return "\(n) and \(markedName(other)) signed off the \(K("cutover_traffic")) plan"
        default: return "Note from \(n): \(db()) upgrade must wait for \(act())"
        }
    }

    /// A person's name as written, marked as a secret; its parts of six or more characters are
    /// listed as secrets too (they occur inside it), so a half-redacted name still counts.
    private func markedName(_ person: Values.Person, written: String? = nil) -> String {
        let text = written ?? person.full
        return S(text) + person.secrets(for: text).dropFirst().map(Marker.listed).joined()
    }

    // MARK: Company names (sensitive terms)

    /// Spellings of a company name: case, spacing and punctuation variants.
    static func variants(of name: String) -> [String] {
        let words = name.split(separator: " ").map(String.init)
        var result = [name, name.uppercased(), name.lowercased()]
        if words.count > 1 {
            result += [
                words.joined(separator: "-").uppercased(), words.joined().lowercased(), words.joined(),
                words.joined(separator: "_").lowercased(), words.joined(separator: ".").lowercased(),
                words.joined(separator: "-").lowercased(), words.joined(separator: "  "),
            ]
        }
        return result
    }

    private mutating func companyName() -> String {
        let company = v.company()
        let spellings = Composer.variants(of: company.name)
        let written = pick(spellings)
        let term = chance(25) ? pick(spellings) : company.name
        terms = [term]
        if chance(30) { terms.append(pick(Pools.companies).name) }
        let compact = company.name.split(separator: " ").joined().lowercased()
        let hyphenated = company.name.split(separator: " ").joined(separator: "-").lowercased()
        switch below(12) {
        case 0: return "Migration of the \(S(written)) warehouse failed at \(pct())"
        case 1: return "Customer \(S(written)) reported \(dbErr()) after \(act())"
        case 2: return "Bucket s3://\(S(hyphenated))-backups not found in \(region())"
        case 3: return "DNS: db01.\(S(compact)).local did not resolve during \(act())"
        case 4: return "Project: \(S(written)) Data Platform - \(act()) blocked by a change freeze"
        case 5: return "\(S(written))'s on-prem \(db()) cluster lost quorum \(ctx())"
        case 6: return "Tenant \(S(written.uppercased())) exceeded its quota on \(azSize())"
        case 7: return "[\(S(written))] cutover window moved by \(dur())"
        case 8: return "Invoice export for \(S(written)) stuck at \(pct())"
        case 9: return "Resource group rg-\(S(compact))-prod has a delete lock; \(act()) skipped"
        case 10: return "Kafka topic \(S(hyphenated)).orders.v1 has no consumer after \(dur())"
        default: return "Support case opened by \(S(written)) IT: \(http()) from the gateway"
        }
    }

    // MARK: Mixed and clean

    private mutating func mixed() -> String {
        let kinds = CaseKind.allCases.filter { $0 != .mixed && $0 != .clean && $0 != .companyName }
        let first = pick(kinds)
        var second = pick(kinds)
        while second == first { second = pick(kinds) }
        var parts = [message(first), message(second)]
        if chance(40) { parts.append(message(pick(kinds))) }
        return parts.joined(separator: pick(["\n", " | ", "; then: "]))
    }

    private mutating func clean() -> String {
        switch below(16) {
        case 0: return "\(act()) failed on \(inst()) in \(region()) after \(dur()) (\(dbErr()))"
        case 1: return "\(db()) replication lag reached \(dur()); \(setting()) and \(setting()) already set"
        case 2: return "Pod evicted: \(k8s()) on a \(gcpType()) node pool in \(gcpRegion())"
        case 3: return "Upgrade to \(ver()) completed \(pct()) before \(K("HTTP 503")) from the control plane"
        case 4: return "\(act()) retried 3 times on \(port()); last error \(K("ETIMEDOUT"))"
        case 5: return "Disk \(tier()) throughput capped at 250 MB/s on \(azSize()) in \(azRegion())"
        case 6: return "\(K("TLS 1.2")) required; the server offered \(K("TLS 1.0")) only \(ctx())"
        case 7: return "Schema conversion: \(pct()) of objects converted automatically, \(K("ORA-00942")) on 12 views"
        case 8: return "Auto scaling group reached its maximum of 12 \(inst()) instances (\(K("InsufficientInstanceCapacity")))"
        case 9: return "Terraform plan: 14 to add, 2 to change, 0 to destroy (provider \(ver()))"
        case 10: return "\(act()) succeeded after \(dur()) but validation found \(pct()) row drift \(ctx())"
        case 11: return "\(http()) from the \(region()) endpoint; \(act()) will retry with \(setting())"
        case 12: return "Throughput dropped to \(pct()) of baseline on \(azSize()) \(ctx())"
        case 13: return "\(dbErr()) during \(act()); the source is \(db()) on \(port())"
        case 14: return "CPU credits exhausted on \(inst()) after \(dur()); consider \(inst())"
        default: return "Kubernetes \(K("1.29")) node drain blocked by PodDisruptionBudget (\(k8s())) in \(region())"
        }
    }
}
