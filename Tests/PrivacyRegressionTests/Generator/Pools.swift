import Foundation

/// Small built-in lists the generator draws from. Invented companies and people; the numbers
/// are random and valid, never real accounts.
enum Pools {
    // MARK: People

    /// Given names that are also English words ("Mark", "Rose", "Grace").
    static let wordGivenNames = [
        "Mark", "Rose", "Grace", "Jack", "Faith", "Hope", "Joy", "Dawn", "April", "June", "Will", "Frank",
        "Sandy", "Pearl", "Ruby", "Amber", "Holly", "Ivy", "Lily", "Daisy", "Hunter", "Chase", "Drew",
        "Grant", "Dean", "Miles", "Reed", "Penny", "Art", "Heather", "Robin", "Crystal", "Summer", "Bill",
    ]
    /// Surnames that are also English words ("Baker", "Hill", "Wood").
    static let wordSurnames = [
        "Baker", "Hill", "Wood", "Fisher", "Miller", "Cook", "Young", "King", "Wright", "Turner",
        "Carpenter", "Mason", "Brown", "Green", "White", "Stone", "Rivers", "Fields", "Marsh", "Hunt",
        "Bird", "Fox", "Wolf", "Lamb", "Bell", "Ward", "Price", "Rice", "Sharp", "Snow", "Frost", "Lake",
        "Brooks", "Banks", "Burns", "Fowler", "Gardner", "Potter", "Weaver", "Shepherd", "Porter",
        "Parsons", "Walker", "Cooper", "Hall", "Moon", "Knight", "Page", "Church", "Glass",
    ]
    static let exoticGivenNames = [
        "Łukasz", "Małgorzata", "Zoltán", "Katarzyna", "Agnieszka", "Bartosz", "Dmitri", "Siobhan",
        "Oluwaseun", "Priya", "Hiroshi", "Björn", "Søren", "Ngozi", "Thandiwe", "Eszter", "Wojciech",
        "Aoife", "Xiaoling", "Tomasz", "Gergő", "Zsófia", "Radosław", "Chidinma",
    ]
    static let exoticSurnames = [
        "Kowalczyk", "Wiśniewski", "Szczepański", "Grzybowski", "Kovács", "Szabó", "Horváth",
        "Papadopoulos", "Nguyen", "Okonkwo", "Adeyemi", "Yamamoto", "Van der Merwe", "O'Brien",
        "Østergaard", "Müller", "Schäfer", "Dvořák", "Novotný", "Fernández", "Gonçalves",
        "Bhattacharya", "Krishnamurthy", "Zielińska", "Brzęczyszczykiewicz", "Nakashima", "Lindqvist",
        "Oyelaran", "Przybylski", "Ó Súilleabháin",
    ]

    // MARK: Companies

    struct Company: Sendable {
        /// Display name, also the sensitive term ("Globex Industries").
        var name: String
        /// Mail and web domain.
        var domain: String
        /// Lowercase label used in host names, buckets and package names.
        var slug: String
        /// Capitalized module prefix for .NET and Swift frames ("Globex").
        var module: String
    }

    static let companies = [
        Company(name: "Acme Corp", domain: "acmecorp.com", slug: "acmecorp", module: "AcmeCorp"),
        Company(name: "Acme Bank", domain: "acmebank.com", slug: "acmebank", module: "AcmeBank"),
        Company(name: "Globex Industries", domain: "globex-industries.de", slug: "globex", module: "Globex"),
        Company(name: "Initech", domain: "initech.io", slug: "initech", module: "Initech"),
        Company(name: "Umbrella Health", domain: "umbrella-health.pl", slug: "umbrellahealth", module: "UmbrellaHealth"),
        Company(name: "Northwind Traders", domain: "northwind-traders.co.uk", slug: "northwind", module: "Northwind"),
        Company(name: "Contoso Retail", domain: "contoso-retail.com", slug: "contoso", module: "Contoso"),
        Company(name: "Fabrikam", domain: "fabrikam.hu", slug: "fabrikam", module: "Fabrikam"),
        Company(name: "Vandelay Imports", domain: "vandelay-imports.com", slug: "vandelay", module: "Vandelay"),
        Company(name: "Wayne Enterprises", domain: "wayne-ent.com", slug: "wayneent", module: "WayneEnt"),
        Company(name: "Stark Industries", domain: "stark-industries.eu", slug: "starkind", module: "StarkInd"),
        Company(name: "Tyrell Corporation", domain: "tyrell-corp.com", slug: "tyrellcorp", module: "Tyrell"),
        Company(name: "Cyberdyne Systems", domain: "cyberdyne.fr", slug: "cyberdyne", module: "Cyberdyne"),
        Company(name: "Soylent Foods", domain: "soylent-foods.nl", slug: "soylent", module: "Soylent"),
        Company(name: "Oceanic Airlines", domain: "oceanic-air.es", slug: "oceanicair", module: "OceanicAir"),
        Company(name: "Massive Dynamic", domain: "massive-dynamic.it", slug: "massivedyn", module: "MassiveDynamic"),
        Company(name: "Aperture Laboratories", domain: "aperture-labs.ch", slug: "aperturelabs", module: "Aperture"),
        Company(name: "Dunder Mifflin", domain: "dunder-mifflin.com", slug: "dundermifflin", module: "DunderMifflin"),
        Company(name: "Gringotts Bank", domain: "gringotts.at", slug: "gringotts", module: "Gringotts"),
        Company(name: "Bluth Company", domain: "bluth-co.com", slug: "bluthco", module: "Bluth"),
        Company(name: "Müller Logistik GmbH", domain: "mueller-logistik.de", slug: "muellerlog", module: "MuellerLogistik"),
        Company(name: "Kowalski Logistyka", domain: "kowalski-logistyka.pl", slug: "kowalskilog", module: "Kowalski"),
        Company(name: "Duna Biztosító", domain: "dunabiztosito.hu", slug: "dunabiz", module: "DunaBiz"),
        Company(name: "Sterling Cooper", domain: "sterling-cooper.com", slug: "sterlingcooper", module: "SterlingCooper"),
        Company(name: "Wonka Foods", domain: "wonkafoods.com", slug: "wonkafoods", module: "Wonka"),
        Company(name: "Pied Piper", domain: "piedpiper.io", slug: "piedpiper", module: "PiedPiper"),
    ]

    /// Business areas used in package, database and bucket names.
    static let modules = [
        "billing", "payroll", "ledger", "claims", "crm", "inventory", "payments", "risk", "treasury",
        "orders", "loyalty", "pricing", "invoicing", "underwriting",
    ]
    static let environments = ["prd", "prod", "stg", "uat", "dr", "qa"]

    // MARK: Technical look-alikes that must survive

    static let awsInstanceTypes = ["t3.large", "t3.medium", "m5.xlarge", "m6i.2xlarge", "r6g.2xlarge", "c5.4xlarge", "r5.large"]
    static let rdsInstanceClasses = ["db.r5.large", "db.t3.medium", "db.r6g.xlarge", "db.m5.2xlarge"]
    static let azureSizes = ["Standard_D2s_v3", "Standard_D4s_v5", "Standard_E8s_v5", "Standard_B2ms", "Standard_F16s_v2"]
    static let gcpMachineTypes = ["n2-standard-4", "e2-medium", "n2-highmem-8", "c3-standard-22"]
    static let awsRegions = ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1", "eu-west-2", "ap-southeast-2", "eu-north-1"]
    static let azureRegions = ["westeurope", "polandcentral", "northeurope", "eastus2", "germanywestcentral", "swedencentral"]
    static let gcpRegions = ["europe-west3", "us-central1", "europe-central2", "asia-southeast1"]
    static let durations = ["340 seconds", "90 seconds", "30 seconds", "15 minutes", "1200 ms", "45 minutes", "600 seconds", "2 hours"]
    static let percents = ["42%", "87%", "99.5%", "3%", "100%", "64%", "18%"]
    static let versions = ["v1.2.3", "v2.14.0", "v0.9.7", "v3.1.12", "v1.29.4"]
    static let databases = ["PostgreSQL 15", "PostgreSQL 16.2", "MySQL 8.0", "Oracle 19c", "SQL Server 2019", "MariaDB 10.11", "SQL Server 2022"]
    static let actions = [
        "replicate_db", "cutover_dns", "sync_objects", "setup_vpn", "setup_iam", "migrate_schema", "copy_files",
        "restore_db", "setup_cdc", "validate_data", "export_db", "import_db", "backup_db", "deploy_container",
        "configure_network", "snapshot_disk", "switch_writes", "cutover_traffic",
    ]
    static let httpStatuses = ["HTTP 403", "HTTP 503", "HTTP 401", "HTTP 429", "HTTP 502", "HTTP 504"]
    static let dbPorts = ["port 5432", "port 1433", "port 1521", "port 3306", "port 27017", "port 6379"]
    static let dbErrors = [
        "ORA-12541", "ORA-01017", "ORA-12170", "ORA-00942", "ORA-01555", "SQLSTATE 08006", "SQLSTATE 28P01",
        "SQLSTATE 53300", "SQLSTATE 40001", "Msg 18456", "Msg 4060", "error 1205", "ERROR 2003 (HY000)",
        "ERROR 1045 (28000)",
    ]
    static let kubernetesStates = ["OOMKilled", "CrashLoopBackOff", "ImagePullBackOff", "exit code 137", "FailedScheduling"]
    static let settings = [
        "sslmode=require", "max_connections=500", "wal_level=logical", "max_wal_senders=10", "timeout=30s",
        "retries=5", "batch_size=1000", "innodb_buffer_pool_size=8G", "ttl=300",
    ]
    static let storageTiers = ["gp3", "io2", "Premium_LRS", "Standard_LRS", "pd-ssd", "Premium_ZRS"]
}
