/// Where a service's events go; for tandem-tasks, when reminders fire; for tandem-notify, how
/// webhooks are delivered.
public struct EventsConfiguration: Sendable, Hashable {
    /// The servers the outbox relay delivers every event to, in `TANDEM_<SERVICE>_EVENT_SUBSCRIBERS`
    /// (`notify`, `projects`). Default: none (events are then not recorded: no one would get them).
    public var subscribers: [TandemServer]
    /// How long before a task becomes overdue `task.due_soon` goes out (tandem-tasks). Default 24 h.
    public var reminderLead: Duration
    /// Webhook delivery (tandem-notify).
    public var webhooks: WebhookConfiguration = WebhookConfiguration()

    public static let defaultReminderLeadHours = 24

    public init(subscribers: [TandemServer] = [], reminderLead: Duration = .seconds(defaultReminderLeadHours * 3600)) {
        self.subscribers = subscribers
        self.reminderLead = reminderLead
    }

    public struct Variables: Sendable {
        public let subscribers: String
        public let reminderLeadHours = "TANDEM_REMINDER_LEAD_HOURS"

        init(server: TandemServer) {
            self.subscribers = "\(server.variablePrefix)_EVENT_SUBSCRIBERS"
        }
    }

    public init(server: TandemServer, environment: Environment) throws(ConfigurationError) {
        let names = Variables(server: server)
        var subscribers: [TandemServer] = []
        if let raw = environment[names.subscribers] {
            for item in raw.split(separator: ",") {
                let name = String(item).trimmingSpaces()
                guard let peer = TandemServer(rawValue: name), peer != .tasks else {
                    throw .invalidValue(names.subscribers, "\"\(raw)\": \"\(name)\" is not a subscriber (notify, projects)")
                }
                guard peer != server else {
                    throw .invalidValue(names.subscribers, "\"\(raw)\": \(server.executableName) does not deliver events to itself")
                }
                if !subscribers.contains(peer) { subscribers.append(peer) }
            }
        }
        let hours = try TenancyConfiguration.wholeNumber(
            environment, names.reminderLeadHours, 0...720, default: Self.defaultReminderLeadHours)
        self.init(subscribers: subscribers, reminderLead: .seconds(hours * 3600))
        if server == .notify { self.webhooks = try WebhookConfiguration(environment: environment) }
    }

    func entries(server: TandemServer) -> [ConfigurationEntry] {
        let names = Variables(server: server)
        var entries = [
            ConfigurationEntry(
                key: "event_subscribers", variable: names.subscribers,
                value: subscribers.isEmpty ? nil : subscribers.map(\.rawValue).joined(separator: ","),
                isDefault: subscribers.isEmpty)
        ]
        if server == .tasks {
            let hours = Int(reminderLead.components.seconds / 3600)
            entries.append(
                ConfigurationEntry(
                    key: "reminder_lead_hours", variable: names.reminderLeadHours, value: hours,
                    isDefault: hours == Self.defaultReminderLeadHours))
        }
        if server == .notify { entries += webhooks.entries }
        return entries
    }
}
