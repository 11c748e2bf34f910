/// The console's Mustache templates, in the binary as string constants, so `swift run`, the
/// tests and an installed binary render the same pages with no files beside them and no
/// build step (docs/console.md#templates). Every page fills the `layout` parent's `body`
/// block; `{{x}}` escapes HTML, and no template holds inline script or style (the CSP
/// forbids both).
enum ConsoleTemplates {
    static let all: [String: String] = [
        "layout": layout, "sign-in": signIn, "failure": failure, "overview": overview, "erasure-list": erasureList,
        "erasure-detail": erasureDetail, "erasure-new": erasureNew, "erasure-confirm": erasureConfirm, "consent": consent,
        "export": export, "typed-id": typedId, "purge": purge, "network": network, "audit": audit,
    ]

    static let layout = #"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{frame.title}} · PatternGate console</title>
        <link rel="stylesheet" href="/console/static/console.css">
        </head>
        <body>
        <header class="top">
        <span class="brand">PatternGate · {{frame.gateway}}</span>
        {{#frame.signedIn}}
        <nav>
        {{#frame.officer}}
        <a href="/console">Overview</a>
        <a href="/console/erasure">Erasure requests</a>
        <a href="/console/consent">Consent</a>
        <a href="/console/export">Export</a>
        <a href="/console/purge">Purge</a>
        <a href="/console/network">Network</a>
        {{/frame.officer}}
        <a href="/console/audit">Audit</a>
        </nav>
        <form method="post" action="/console/sign-out" class="sign-out">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <span class="who">{{frame.role}} token {{frame.tokenId}}</span>
        <button type="submit" id="sign-out">Sign out</button>
        </form>
        {{/frame.signedIn}}
        </header>
        <main>
        <h1>{{frame.title}}</h1>
        {{#frame.notice}}<p class="notice" id="notice">{{frame.notice}}</p>{{/frame.notice}}
        {{$body}}{{/body}}
        </main>
        </body>
        </html>
        """#

    static let signIn = #"""
        {{<layout}}{{$body}}
        <form method="post" action="/console/sign-in" class="panel" autocomplete="off">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <label for="token">Officer or auditor token</label>
        <input type="password" id="token" name="token" autocomplete="off" required>
        <button type="submit" id="sign-in">Sign in</button>
        </form>
        {{#refused}}<p class="error" id="refused">{{refused}}</p>{{/refused}}
        <p class="hint">An officer token opens every page; an auditor token the audit pages. Deployment tokens are refused.</p>
        {{/body}}{{/layout}}
        """#

    static let failure = #"""
        {{<layout}}{{$body}}
        <p class="error" id="failure">{{message}}</p>
        <p class="hint">Code <code>{{code}}</code>.</p>
        {{/body}}{{/layout}}
        """#

    static let overview = #"""
        {{<layout}}{{$body}}
        <section class="cards">
        <div class="card"><h2>This gateway</h2><p>{{gatewayId}}</p><p>{{liveContributions}} live contributions</p></div>
        <div class="card"><h2>Policy</h2><p>version {{policyVersion}}</p><p class="mono">{{policyHash}}</p></div>
        <div class="card"><h2>Erasures</h2><p><a href="/console/erasure?state=open">{{openErasures}} open</a></p>
        <p><a href="/console/erasure?state=overdue" class="{{overdueClass}}">{{overdueErasures}} overdue</a></p></div>
        <div class="card"><h2>Audit checkpoint</h2><p>{{checkpointSize}} entries</p><p>signed {{checkpointAt}} ({{checkpointAge}})</p>
        <p>{{cosignatures}}</p></div>
        <div class="card"><h2>Quarantine</h2><p>{{quarantinedEvents}} quarantined events</p></div>
        </section>
        <h2>Peers</h2>
        {{^peers}}<p class="hint">No peers have synced with this gateway.</p>{{/peers}}
        {{#hasPeers}}
        <table><thead><tr><th>Peer</th><th>Last sync</th><th>Events behind</th><th>Digest</th><th>Policy</th><th>Last error</th></tr></thead><tbody>
        {{#peers}}<tr><td>{{peer}}</td><td>{{lastSync}}</td><td>{{eventsBehind}}</td><td>{{digest}}</td><td>{{policy}}</td><td>{{lastError}}</td></tr>{{/peers}}
        </tbody></table>
        {{/hasPeers}}
        <p>Digest of this gateway's events: <span class="mono">{{digest}}</span></p>
        {{/body}}{{/layout}}
        """#

    static let erasureList = #"""
        {{<layout}}{{$body}}
        <nav class="filters">
        {{#filters}}<a href="/console/erasure{{query}}" class="{{#selected}}selected{{/selected}}">{{label}}</a>{{/filters}}
        <a href="/console/erasure/new" class="action" id="new-erasure">Erase a deployment</a>
        </nav>
        {{^requests}}<p class="hint" id="no-requests">No erasure requests{{stateLabel}}.</p>{{/requests}}
        {{#hasRequests}}
        <table id="requests"><thead><tr><th>Request</th><th>Scope</th><th>Requested</th><th>Purge due</th><th>Legal deadline</th>
        <th>Days left</th><th>Gateways received / purged</th><th>Complete</th></tr></thead><tbody>
        {{#requests}}<tr>
        <td><a href="/console/erasure/requests/{{requestId}}" class="mono">{{requestId}}</a></td><td>{{scope}}</td><td>{{requestedAt}}</td>
        <td>{{purgeDueAt}}</td><td>{{legalDeadline}}</td><td class="days {{daysClass}}">{{daysLeft}}</td>
        <td>{{received}} / {{purged}} of {{gateways}}</td><td>{{#complete}}<a href="/console/erasure/requests/{{requestId}}/certificate">certificate</a>{{/complete}}{{^complete}}open{{/complete}}</td>
        </tr>{{/requests}}
        </tbody></table>
        {{/hasRequests}}
        {{#nextCursor}}<p><a href="/console/erasure?{{nextQuery}}" id="next-page">Next page</a></p>{{/nextCursor}}
        {{/body}}{{/layout}}
        """#

    static let erasureDetail = #"""
        {{<layout}}{{$body}}
        {{#request}}
        <dl class="facts">
        <dt>Request</dt><dd class="mono" id="request-id">{{requestId}}</dd>
        <dt>Scope</dt><dd>{{scope}}</dd>
        <dt>Requested</dt><dd>{{requestedAt}}</dd>
        <dt>Purge due</dt><dd>{{purgeDueAt}}</dd>
        <dt>Legal deadline</dt><dd>{{legalDeadline}}</dd>
        <dt>Days left</dt><dd class="days {{daysClass}}" id="days-left">{{daysLeft}}</dd>
        <dt>State</dt><dd>{{#complete}}complete: every gateway purged or was attested destroyed{{/complete}}{{^complete}}open{{/complete}}</dd>
        </dl>
        <h2>Per gateway</h2>
        <table><thead><tr><th>Gateway</th><th>Received</th><th>Purged</th><th>State</th></tr></thead><tbody>
        {{#progress}}<tr><td>{{gateway}}</td><td>{{#received}}yes{{/received}}{{^received}}not yet{{/received}}</td>
        <td>{{purgedAt}}</td><td class="{{stateClass}}">{{state}}</td></tr>{{/progress}}
        </tbody></table>
        {{#complete}}<p><a href="/console/erasure/requests/{{requestId}}/certificate" id="certificate">Download the purge certificate</a>:
        each gateway's signed <code>erasure.purged</code> event, and this gateway's audit entry with an inclusion proof against a signed
        checkpoint.</p>{{/complete}}
        {{/request}}
        {{/body}}{{/layout}}
        """#

    /// The form where the officer types a deployment id; the page's view names its action and button.
    static let typedId = #"""
        <form method="post" action="{{form.action}}" class="panel" autocomplete="off">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <label for="deploymentId">Deployment id (typed; it is never listed)</label>
        <input type="text" id="deploymentId" name="deploymentId" autocomplete="off" spellcheck="false" required maxlength="256">
        <button type="submit" id="{{form.button}}">{{form.label}}</button>
        </form>
        """#

    static let erasureNew = #"""
        {{<layout}}{{$body}}
        {{> typed-id}}
        <p class="hint">The next step asks you to confirm. The erasure hides the deployment's contributions at once and ends its consent;
        every gateway of the network purges the payloads by the purge date.</p>
        {{/body}}{{/layout}}
        """#

    static let erasureConfirm = #"""
        {{<layout}}{{$body}}
        <p>Erase every contribution of deployment <strong class="typed" id="typed-id">{{deploymentId}}</strong> on the whole network?</p>
        <form method="post" action="/console/erasure/confirm" class="inline">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <button type="submit" class="danger" id="erase-confirm">Erase this deployment</button>
        </form>
        <form method="post" action="/console/erasure/cancel" class="inline">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <button type="submit" id="erase-cancel">Cancel</button>
        </form>
        {{/body}}{{/layout}}
        """#

    static let consent = #"""
        {{<layout}}{{$body}}
        {{> typed-id}}
        {{#lookup}}
        <h2>Deployment <span class="typed">{{deploymentId}}</span></h2>
        <dl class="facts">
        <dt>Pseudonym</dt><dd class="mono">{{pseudonym}}</dd>
        <dt>Contribute consent</dt><dd id="consent-state">{{#contribute}}granted{{/contribute}}{{^contribute}}not granted{{/contribute}}</dd>
        <dt>Active purposes</dt><dd>{{purposes}}</dd>
        </dl>
        <h3>History</h3>
        {{^history}}<p class="hint">No consent was ever recorded.</p>{{/history}}
        {{#hasHistory}}
        <table><thead><tr><th>At</th><th>Action</th><th>Purposes</th><th>Policy</th><th>By</th><th>Receipt (event, hash)</th></tr></thead><tbody>
        {{#history}}<tr><td>{{at}}</td><td>{{action}}</td><td>{{purposes}}</td><td>{{policyVersion}}</td><td>{{actor}}</td>
        <td class="mono">{{eventId}} {{hash}}</td></tr>{{/history}}
        </tbody></table>
        {{/hasHistory}}
        {{#contribute}}
        <form method="post" action="/console/consent/revoke" class="inline">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <button type="submit" class="danger" id="consent-revoke">Revoke on the subject's behalf</button>
        </form>
        {{/contribute}}
        {{/lookup}}
        {{/body}}{{/layout}}
        """#

    static let export = #"""
        {{<layout}}{{$body}}
        {{> typed-id}}
        <p class="hint">Downloads everything held about the deployment (Art. 15 and 20) as <code>export-&lt;pseudonym first 8&gt;.json</code>,
        the same document as <code>POST /api/v1/export</code>.</p>
        {{/body}}{{/layout}}
        """#

    static let purge = #"""
        {{<layout}}{{$body}}
        <p>Physically removes the erased payloads whose purge date has passed, as of now.</p>
        <form method="post" action="/console/purge/dry-run" class="inline">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <button type="submit" id="purge-dry-run">Dry run</button>
        </form>
        {{#report}}
        <h2 id="purge-result">{{#dryRun}}Dry run: would purge{{/dryRun}}{{^dryRun}}Purged{{/dryRun}} {{events}} payloads of {{requestCount}}
        erasure requests due by {{asOf}}</h2>
        {{#hasRequests}}
        <table><thead><tr><th>Request</th><th>Purge due</th><th>Events</th></tr></thead><tbody>
        {{#requests}}<tr><td class="mono">{{requestId}}</td><td>{{purgeDueAt}}</td><td>{{events}}</td></tr>{{/requests}}
        </tbody></table>
        {{/hasRequests}}
        {{^dryRun}}<p id="wal-checkpoint">WAL checkpoint: <span class="mono">{{checkpoint}}</span>; free pages left: {{freePages}};
        superseded versions purged: {{supersededVersions}}</p>{{/dryRun}}
        {{#dryRun}}
        <form method="post" action="/console/purge/confirm" class="inline">
        <input type="hidden" name="csrf" value="{{frame.csrf}}">
        <button type="submit" class="danger" id="purge-confirm">Purge now</button>
        </form>
        {{/dryRun}}
        {{/report}}
        {{/body}}{{/layout}}
        """#

    static let network = #"""
        {{<layout}}{{$body}}
        <p>The figures <code>GET /api/v1/network/stats</code> publishes, as of {{asOf}}. Counts are rounded to tens;
        a figure below the policy's minimum count is suppressed.</p>
        <table id="figures"><thead><tr><th>Figure</th><th>This gateway</th><th>Network</th></tr></thead><tbody>
        {{#figures}}<tr><td>{{name}}</td><td>{{gateway}}</td><td>{{network}}</td></tr>{{/figures}}
        </tbody></table>
        <h2>Contributions per week</h2>
        {{#chart}}
        <svg class="chart" id="weekly-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {{width}} {{height}}" width="{{width}}"
         height="{{height}}" role="img" aria-label="Live contributions of the network per week; suppressed weeks are empty">
        <line class="axis" x1="{{left}}" y1="{{baseline}}" x2="{{right}}" y2="{{baseline}}"></line>
        {{#weeks}}
        {{#bar}}<rect class="bar" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>week of {{weekStart}}: {{value}}</title></rect>
        <text class="value" x="{{labelX}}" y="{{valueY}}">{{value}}</text>{{/bar}}
        <text class="week" x="{{labelX}}" y="186">{{label}}</text>
        {{/weeks}}
        </svg>
        {{/chart}}
        <p class="hint">Live contributions of the whole network, by week (the label is the week's first day). A week with fewer than
        {{minCount}} is suppressed and left empty; counts are rounded to tens.</p>
        {{/body}}{{/layout}}
        """#

    static let audit = #"""
        {{<layout}}{{$body}}
        <dl class="facts">
        <dt>Latest checkpoint</dt><dd id="checkpoint-size">{{size}} entries, signed {{at}} ({{age}})</dd>
        <dt>Public key fingerprint</dt><dd class="mono" id="fingerprint">{{fingerprint}}</dd>
        </dl>
        <h2>Signed checkpoint</h2>
        <pre class="note">{{note}}</pre>
        <h2>Downloads</h2>
        <ul>
        <li><a href="/console/audit/checkpoint" id="download-checkpoint">checkpoint.txt</a>: the signed note, for <code>audit verify --checkpoint</code></li>
        <li><a href="/console/audit/public-key" id="download-key">audit-public-key.pem</a></li>
        <li><a href="/console/audit/export" id="download-export">audit-export.jsonl</a>: every entry up to the latest checkpoint, with the
        checkpoints in place, as <code>patterngate audit export</code> writes it</li>
        </ul>
        {{/body}}{{/layout}}
        """#
}
