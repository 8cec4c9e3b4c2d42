import Foundation
import Testing
import TandemGRPC
import TandemRPC
import TandemSchema
import TandemService
import TandemTestSupport

/// A tenant's view of tandem-projects through the real gRPC stack.
struct ProjectAPI {
    let client: GRPCClient
    let tasks: TaskAPI
    var metadata: Metadata { tasks.metadata }
    typealias P = ProjectsV1.ProjectService

    static func make(_ deployment: Deployment, slug: String) async throws -> ProjectAPI {
        let tasks = try await TaskAPI.make(deployment, slug: slug)
        return ProjectAPI(client: try deployment.client(.projects), tasks: tasks)
    }

    func createProject(_ name: String, start: CommonV1.Date, target: CommonV1.Date?) async throws -> ProjectsV1.Project {
        var request = ProjectsV1.CreateProjectRequest()
        var project = ProjectsV1.Project()
        project.name = name
        project.outcome = "Customers hear about the spring range"
        project.startDate = start
        project.targetDate = target
        request.project = project
        return try await client.unary(P.createProject, request, metadata: metadata).project!
    }

    func addPhase(_ project: String, _ name: String) async throws -> ProjectsV1.Phase {
        var request = ProjectsV1.AddPhaseRequest()
        request.projectID = project
        request.name = name
        return try await client.unary(P.addPhase, request, metadata: metadata).phase!
    }

    func addMilestone(_ project: String, _ name: String, target: CommonV1.Date, phase: String = "") async throws
        -> ProjectsV1.Milestone
    {
        var request = ProjectsV1.AddMilestoneRequest()
        request.projectID = project
        request.name = name
        request.targetDate = target
        request.phaseID = phase
        return try await client.unary(P.addMilestone, request, metadata: metadata).milestone!
    }

    func addWorkItem(_ project: String, phase: String, _ title: String, days: Double, owner: String) async throws -> TasksV1.Task {
        var request = ProjectsV1.AddWorkItemRequest()
        request.projectID = project
        request.phaseID = phase
        var task = TasksV1.Task()
        task.title = title
        task.estimateDays = days
        task.owner = owner
        request.task = task
        return try await client.unary(P.addWorkItem, request, metadata: metadata).task!
    }

    static func task(_ id: String) -> ProjectsV1.ItemRef {
        var ref = ProjectsV1.ItemRef()
        ref.item = .taskID(id)
        return ref
    }

    static func milestone(_ id: String) -> ProjectsV1.ItemRef {
        var ref = ProjectsV1.ItemRef()
        ref.item = .milestoneID(id)
        return ref
    }

    @discardableResult
    func link(
        _ project: String, _ from: ProjectsV1.ItemRef, _ to: ProjectsV1.ItemRef, type: ProjectsV1.DependencyType = .unspecified,
        lag: Int32 = 0
    ) async throws -> ProjectsV1.Dependency {
        var request = ProjectsV1.AddDependencyRequest()
        request.projectID = project
        request.predecessor = from
        request.successor = to
        request.type = type
        request.lagDays = lag
        return try await client.unary(P.addDependency, request, metadata: metadata).dependency!
    }

    func schedule(_ project: String) async throws -> ProjectsV1.Schedule {
        var request = ProjectsV1.GetScheduleRequest()
        request.projectID = project
        return try await client.unary(P.getSchedule, request, metadata: metadata).schedule!
    }
}

@Suite("ProjectService through gRPC", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"), .serialized)
struct ProjectServiceTests {
    @Test("A marketing campaign launch: the schedule's dates, float, critical path and milestone forecasts as computed by hand; a late task moves the launch")
    func campaign() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await ProjectAPI.make(deployment, slug: "campaign")
        // Monday 7 January 2030; Monday to Friday; launch due at the end of week 6.
        let project = try await api.createProject("Spring campaign launch", start: date(2030, 1, 7), target: date(2030, 2, 15))
        #expect(project.owner == "alice" && project.status == .planning && project.version == 1)
        let messaging = try await api.addPhase(project.id, "Messaging")
        let design = try await api.addPhase(project.id, "Design")
        let development = try await api.addPhase(project.id, "Development")
        let distribution = try await api.addPhase(project.id, "Distribution")
        #expect([messaging, design, development, distribution].map(\.order) == [1, 2, 3, 4])

        let brief = try await api.addWorkItem(project.id, phase: messaging.id, "Messaging brief", days: 3, owner: "maria")
        let copy = try await api.addWorkItem(project.id, phase: messaging.id, "Key messages and copy", days: 3.5, owner: "maria")
        let visuals = try await api.addWorkItem(project.id, phase: design.id, "Visual design", days: 5, owner: "dan")
        let signOff = try await api.addMilestone(project.id, "Design sign-off", target: date(2030, 1, 18), phase: design.id)
        let landing = try await api.addWorkItem(project.id, phase: development.id, "Landing page", days: 8, owner: "sam")
        let email = try await api.addWorkItem(project.id, phase: development.id, "Email campaign build", days: 4, owner: "sam")
        let devDone = try await api.addMilestone(project.id, "Development complete", target: date(2030, 2, 1))
        let channels = try await api.addWorkItem(project.id, phase: distribution.id, "Channel scheduling", days: 8, owner: "lee")
        let review = try await api.addWorkItem(project.id, phase: distribution.id, "Launch readiness review", days: 3, owner: "lee")
        let launch = try await api.addMilestone(project.id, "Launch", target: date(2030, 2, 15))
        #expect(brief.projectID == project.id && brief.phaseID == messaging.id && brief.createdBy == "alice")

        typealias R = ProjectAPI
        try await api.link(project.id, R.task(brief.id), R.task(copy.id))
        try await api.link(project.id, R.task(brief.id), R.task(visuals.id), type: .startToStart, lag: 2)
        try await api.link(project.id, R.task(copy.id), R.milestone(signOff.id))
        try await api.link(project.id, R.task(visuals.id), R.milestone(signOff.id))
        try await api.link(project.id, R.milestone(signOff.id), R.task(landing.id))
        try await api.link(project.id, R.milestone(signOff.id), R.task(email.id))
        try await api.link(project.id, R.task(landing.id), R.milestone(devDone.id))
        try await api.link(project.id, R.task(email.id), R.milestone(devDone.id))
        try await api.link(project.id, R.milestone(devDone.id), R.task(channels.id))
        try await api.link(project.id, R.task(channels.id), R.task(review.id))
        try await api.link(project.id, R.task(review.id), R.milestone(launch.id))

        // Refused links name their items.
        let cycle = await failure { try await api.link(project.id, R.task(review.id), R.task(brief.id)) }
        #expect(cycle?.code == .failedPrecondition && cycle?.message.contains("cycle") == true, "\(String(describing: cycle))")
        #expect(cycle?.message.contains(review.id) == true && cycle?.message.contains(brief.id) == true)
        let selfLink = await failure { try await api.link(project.id, R.task(brief.id), R.task(brief.id)) }
        #expect(selfLink?.code == .failedPrecondition)
        let duplicate = await failure { try await api.link(project.id, R.task(brief.id), R.task(copy.id)) }
        #expect(duplicate?.code == .failedPrecondition && duplicate?.message.contains("already exists") == true)
        var phaseRef = ProjectsV1.ItemRef()
        phaseRef.item = .phaseID(design.id)
        let phaseLink = await failure { try await api.link(project.id, phaseRef, R.task(brief.id)) }
        #expect(phaseLink?.code == .invalidArgument)
        let outsider = try await api.tasks.create("Not in the project")
        let foreignItem = await failure { try await api.link(project.id, R.task(outsider.id), R.task(brief.id)) }
        #expect(foreignItem?.code == .failedPrecondition && foreignItem?.message.contains("not part of") == true)

        // By hand, in working days from Monday 7 January (finishes inclusive):
        //   brief 7-9 Jan; copy (4 days, 3.5 rounded up) 10-15 Jan; visuals (SS +2) 9-15 Jan;
        //   sign-off at 15 Jan; landing 16-25 Jan; email 16-21 Jan (4 days of float);
        //   development complete at 25 Jan; channels 28 Jan-6 Feb; review 7-11 Feb; launch at 11 Feb.
        let schedule = try await api.schedule(project.id)
        func item(_ id: String) -> ProjectsV1.ScheduledItem? {
            schedule.items.first { ProjectService_itemID($0.ref) == id }
        }
        let expected: [(String, CommonV1.Date, CommonV1.Date, Int32)] = [
            (brief.id, date(2030, 1, 7), date(2030, 1, 9), 0),
            (copy.id, date(2030, 1, 10), date(2030, 1, 15), 0),
            (visuals.id, date(2030, 1, 9), date(2030, 1, 15), 0),
            (signOff.id, date(2030, 1, 15), date(2030, 1, 15), 0),
            (landing.id, date(2030, 1, 16), date(2030, 1, 25), 0),
            (email.id, date(2030, 1, 16), date(2030, 1, 21), 4),
            (devDone.id, date(2030, 1, 25), date(2030, 1, 25), 0),
            (channels.id, date(2030, 1, 28), date(2030, 2, 6), 0),
            (review.id, date(2030, 2, 7), date(2030, 2, 11), 0),
            (launch.id, date(2030, 2, 11), date(2030, 2, 11), 0),
        ]
        #expect(schedule.items.count == expected.count)
        for (id, start, finish, float) in expected {
            let scheduled = item(id)
            #expect(scheduled?.earliestStart == start && scheduled?.earliestFinish == finish, "\(scheduled?.name ?? id)")
            #expect(scheduled?.totalFloatDays == float, "\(scheduled?.name ?? id)")
        }
        #expect(item(email.id)?.latestFinish == date(2030, 1, 25))
        #expect(item(copy.id)?.durationDays == 4)
        #expect(schedule.criticalPath.compactMap(ProjectService_itemID) == [
            brief.id, visuals.id, copy.id, signOff.id, landing.id, devDone.id, channels.id, review.id, launch.id,
        ])
        #expect(schedule.forecastFinish == date(2030, 2, 11) && schedule.slipDays == -4)
        let forecasts = Dictionary(uniqueKeysWithValues: schedule.milestones.map { ($0.milestoneID, $0) })
        #expect(forecasts[signOff.id]?.forecastDate == date(2030, 1, 15) && forecasts[signOff.id]?.slipDays == -3)
        #expect(forecasts[devDone.id]?.forecastDate == date(2030, 1, 25) && forecasts[devDone.id]?.slipDays == -5)
        #expect(forecasts[launch.id]?.forecastDate == date(2030, 2, 11) && forecasts[launch.id]?.slipDays == -4)
        #expect(schedule.milestones.allSatisfy { !$0.atRisk })

        // Task events reach tandem-projects; nothing is at risk yet.
        try await Self.relayAll(deployment)
        #expect(deployment.projectEvents.received(tenantID: api.tasks.tenant.id).isEmpty)

        // Channel scheduling turns out to need 13 days: the launch moves to Monday 18 February,
        // one working day late; development complete is unaffected.
        var late = TasksV1.Task()
        late.id = channels.id
        late.estimateDays = 13
        _ = try await api.tasks.update(late, ["estimate_days"])
        let moved = try await api.schedule(project.id)
        let movedForecasts = Dictionary(uniqueKeysWithValues: moved.milestones.map { ($0.milestoneID, $0) })
        #expect(movedForecasts[launch.id]?.forecastDate == date(2030, 2, 18) && movedForecasts[launch.id]?.slipDays == 1)
        #expect(movedForecasts[launch.id]?.atRisk == true && movedForecasts[devDone.id]?.atRisk == false)
        #expect(moved.forecastFinish == date(2030, 2, 18) && moved.slipDays == 1)
        try await Self.relayAll(deployment)
        // Another change that does not move it further, and a redelivery, send nothing more.
        var renamed = TasksV1.Task()
        renamed.id = channels.id
        renamed.title = "Channel scheduling and booking"
        _ = try await api.tasks.update(renamed, ["title"])
        try await Self.relayAll(deployment)
        let atRisk = deployment.projectEvents.received(tenantID: api.tasks.tenant.id).filter { $0.type == "project.milestone_at_risk" }
        #expect(atRisk.count == 1, "\(atRisk.map(\.subjectID))")
        if case .milestoneAtRisk(let payload)? = atRisk.first?.payload {
            #expect(payload.milestoneID == launch.id && payload.slipDays == 1 && payload.forecastDate == date(2030, 2, 18))
            #expect(atRisk.first?.recipients == ["alice"], "the project's owner")
        } else {
            Issue.record("no MilestoneAtRisk payload")
        }

        // Finishing predecessors makes their successors ready, for the right person.
        _ = try await api.tasks.setStatus(brief.id, .done)
        try await Self.relayAll(deployment)
        var ready = deployment.projectEvents.received(tenantID: api.tasks.tenant.id).filter { $0.type == "project.dependency_ready" }
        #expect(Set(ready.map(\.subjectID)) == [copy.id, visuals.id])
        #expect(ready.first { $0.subjectID == copy.id }?.recipients == ["maria"])
        #expect(ready.first { $0.subjectID == visuals.id }?.recipients == ["dan"])
        _ = try await api.tasks.setStatus(copy.id, .done)
        try await Self.relayAll(deployment)
        ready = deployment.projectEvents.received(tenantID: api.tasks.tenant.id).filter { $0.type == "project.dependency_ready" }
        #expect(ready.count == 2, "the sign-off still waits for the visual design")
        _ = try await api.tasks.setStatus(visuals.id, .done)
        try await Self.relayAll(deployment)
        ready = deployment.projectEvents.received(tenantID: api.tasks.tenant.id).filter { $0.type == "project.dependency_ready" }
        #expect(ready.count == 3 && ready.last?.subjectID == signOff.id && ready.last?.recipients == ["alice"])
        // Marking the sign-off reached makes the development work ready for sam.
        var reach = ProjectsV1.UpdateMilestoneRequest()
        var reached = ProjectsV1.Milestone()
        reached.id = signOff.id
        reached.reached = true
        reach.milestone = reached
        reach.updateMask = GoogleProtobuf.FieldMask(paths: ["reached"])
        _ = try await api.client.unary(ProjectsV1.ProjectService.updateMilestone, reach, metadata: api.metadata)
        try await Self.relayAll(deployment)
        ready = deployment.projectEvents.received(tenantID: api.tasks.tenant.id).filter { $0.type == "project.dependency_ready" }
        #expect(Set(ready.dropFirst(3).map(\.subjectID)) == [landing.id, email.id] && ready.count == 5)
        #expect(ready.dropFirst(3).allSatisfy { $0.recipients == ["sam"] })
    }

    /// Runs tandem-tasks' relay (to the test subscriber and tandem-projects) and tandem-projects'
    /// relay until nothing is left to move.
    static func relayAll(_ deployment: Deployment) async throws {
        for _ in 0..<3 {
            for cluster in Deployment.clusterNames {
                while try await deployment.tasks.relay.relayOnce(pool: deployment.tasksPool(cluster)) > 0 {}
                while try await deployment.projectsRelay.relayOnce(pool: deployment.projectsPool(cluster)) > 0 {}
            }
        }
    }

    @Test("Projects, phases, milestones and members: defaults, validation, versions, archiving, lists and isolation")
    func projects() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await ProjectAPI.make(deployment, slug: "projects-crud")
        let project = try await api.createProject("Website refresh", start: date(2030, 3, 4), target: nil)
        // Validation names the field.
        var bad = ProjectsV1.CreateProjectRequest()
        bad.project = ProjectsV1.Project()
        let empty = await failure { try await api.client.unary(ProjectsV1.ProjectService.createProject, bad, metadata: api.metadata) }
        #expect(empty?.code == .invalidArgument && empty?.message.hasPrefix("project.name") == true)
        bad.project!.name = "x"
        bad.project!.startDate = date(2030, 3, 10)
        bad.project!.targetDate = date(2030, 3, 1)
        let backwards = await failure { try await api.client.unary(ProjectsV1.ProjectService.createProject, bad, metadata: api.metadata) }
        #expect(backwards?.code == .invalidArgument && backwards?.message.hasPrefix("project.target_date") == true)

        // Members: the owner first; a second owner lets the first go, never the last.
        var add = ProjectsV1.AddMemberRequest()
        add.projectID = project.id
        add.user = "bob"
        add.role = .approver
        _ = try await api.client.unary(ProjectsV1.ProjectService.addMember, add, metadata: api.metadata)
        #expect(try await api.client.unary(ProjectsV1.ProjectService.addMember, add, metadata: api.metadata).member?.user == "bob")
        add.role = .lead
        let conflict = await failure { try await api.client.unary(ProjectsV1.ProjectService.addMember, add, metadata: api.metadata) }
        #expect(conflict?.code == .alreadyExists)
        var remove = ProjectsV1.RemoveMemberRequest()
        remove.projectID = project.id
        remove.user = "alice"
        let lastOwner = await failure { try await api.client.unary(ProjectsV1.ProjectService.removeMember, remove, metadata: api.metadata) }
        #expect(lastOwner?.code == .failedPrecondition)
        var members = ProjectsV1.ListMembersRequest()
        members.projectID = project.id
        members.pageSize = 1
        let first = try await api.client.unary(ProjectsV1.ProjectService.listMembers, members, metadata: api.metadata)
        members.pageToken = first.nextPageToken
        let second = try await api.client.unary(ProjectsV1.ProjectService.listMembers, members, metadata: api.metadata)
        #expect((first.members + second.members).map(\.user) == ["alice", "bob"] && second.nextPageToken.isEmpty)

        // Update with a mask and a version; archive; an archived project refuses changes.
        var change = ProjectsV1.UpdateProjectRequest()
        var fields = ProjectsV1.Project()
        fields.id = project.id
        fields.status = .active
        change.project = fields
        change.updateMask = GoogleProtobuf.FieldMask(paths: ["status"])
        change.expectedVersion = 1
        let updated = try await api.client.unary(ProjectsV1.ProjectService.updateProject, change, metadata: api.metadata).project!
        #expect(updated.status == .active && updated.version == 2)
        let stale = await failure { try await api.client.unary(ProjectsV1.ProjectService.updateProject, change, metadata: api.metadata) }
        #expect(stale?.code == .aborted)
        var archive = ProjectsV1.ArchiveProjectRequest()
        archive.id = project.id
        #expect(try await api.client.unary(ProjectsV1.ProjectService.archiveProject, archive, metadata: api.metadata).project?.archived == true)
        let refused = await failure { try await api.addPhase(project.id, "Too late") }
        #expect(refused?.code == .failedPrecondition)
        var list = ProjectsV1.ListProjectsRequest()
        #expect(try await api.client.unary(ProjectsV1.ProjectService.listProjects, list, metadata: api.metadata).projects.isEmpty)
        list.includeArchived = true
        #expect(try await api.client.unary(ProjectsV1.ProjectService.listProjects, list, metadata: api.metadata).projects.count == 1)

        // Another tenant sees none of it.
        let other = try await ProjectAPI.make(deployment, slug: "projects-other")
        var get = ProjectsV1.GetProjectRequest()
        get.id = project.id
        let hidden = await failure { try await other.client.unary(ProjectsV1.ProjectService.getProject, get, metadata: other.metadata) }
        #expect(hidden?.code == .notFound)
        let foreignSchedule = await failure { try await other.schedule(project.id) }
        #expect(foreignSchedule?.code == .notFound)
    }
}

/// The id an item reference names.
func ProjectService_itemID(_ ref: ProjectsV1.ItemRef?) -> String? {
    switch ref?.item {
    case .taskID(let id)?, .milestoneID(let id)?, .phaseID(let id)?: id
    case nil: nil
    }
}

@Suite("ProjectService approvals, risks, reports, classification and promotion", .enabled(if: TestPostgres.isAvailable, "run through scripts/test"), .serialized)
struct ProjectGovernanceTests {
    typealias P = ProjectsV1.ProjectService

    @Test("Only the named approver decides; a milestone is not reached while an approval is pending or rejected")
    func approvals() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await ProjectAPI.make(deployment, slug: "approvals")
        let project = try await api.createProject("Brand refresh", start: date(2030, 1, 7), target: nil)
        let signOff = try await api.addMilestone(project.id, "Sign-off", target: date(2030, 1, 18))
        var request = ProjectsV1.RequestApprovalRequest()
        request.milestoneID = signOff.id
        request.approver = "vera"
        let notMember = await failure { try await api.client.unary(P.requestApproval, request, metadata: api.metadata) }
        #expect(notMember?.code == .failedPrecondition && notMember?.message.contains("not a member") == true)
        var member = ProjectsV1.AddMemberRequest()
        member.projectID = project.id
        member.user = "vera"
        member.role = .approver
        _ = try await api.client.unary(P.addMember, member, metadata: api.metadata)
        let approval = try await api.client.unary(P.requestApproval, request, metadata: api.metadata).approval!
        #expect(approval.state.rawValue == 1 && approval.requester == "alice")
        let twice = await failure { try await api.client.unary(P.requestApproval, request, metadata: api.metadata) }
        #expect(twice?.code == .failedPrecondition)

        func reach() async -> RPCError? {
            var update = ProjectsV1.UpdateMilestoneRequest()
            var milestone = ProjectsV1.Milestone()
            milestone.id = signOff.id
            milestone.reached = true
            update.milestone = milestone
            update.updateMask = GoogleProtobuf.FieldMask(paths: ["reached"])
            return await failure { try await api.client.unary(P.updateMilestone, update, metadata: api.metadata) }
        }
        #expect(await reach()?.code == .failedPrecondition, "pending")

        var decide = ProjectsV1.DecideApprovalRequest()
        decide.approvalID = approval.id
        decide.decision = .init(rawValue: 3)
        let wrongPerson = await failure { try await api.client.unary(P.decideApproval, decide, metadata: api.metadata) }
        #expect(wrongPerson?.code == .permissionDenied, "alice is not the approver")
        var vera = api.metadata
        try vera.replaceOrAdd("x-tandem-actor", "vera")
        let rejected = try await api.client.unary(P.decideApproval, decide, metadata: vera).approval!
        #expect(rejected.state.rawValue == 3 && rejected.decidedBy == "vera")
        let again = await failure { try await api.client.unary(P.decideApproval, decide, metadata: vera) }
        #expect(again?.code == .failedPrecondition, "already decided")
        #expect(await reach()?.code == .failedPrecondition, "rejected")

        // A later approval by the same approver lifts the rejection.
        let second = try await api.client.unary(P.requestApproval, request, metadata: api.metadata).approval!
        decide.approvalID = second.id
        decide.decision = .init(rawValue: 2)
        _ = try await api.client.unary(P.decideApproval, decide, metadata: vera)
        #expect(await reach() == nil)
        var list = ProjectsV1.ListApprovalsRequest()
        list.projectID = project.id
        let listed = try await api.client.unary(P.listApprovals, list, metadata: api.metadata).approvals
        #expect(listed.map(\.id) == [second.id, approval.id], "newest first")
    }

    @Test("Risks are scored and listed highest first; ClassifyWork explains itself; PromoteTask makes one project")
    func risksClassifyPromote() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await ProjectAPI.make(deployment, slug: "governance")
        let project = try await api.createProject("Office move", start: date(2030, 1, 7), target: date(2030, 2, 1))
        var add = ProjectsV1.AddRiskRequest()
        add.projectID = project.id
        add.title = "Movers unavailable"
        add.likelihood = 2
        add.impact = 4
        let low = try await api.client.unary(P.addRisk, add, metadata: api.metadata).risk!
        add.title = "Lease ends early"
        add.likelihood = 4
        add.impact = 5
        let high = try await api.client.unary(P.addRisk, add, metadata: api.metadata).risk!
        #expect(high.score == 20 && low.score == 8 && high.status.rawValue == 1)
        add.likelihood = 6
        let invalid = await failure { try await api.client.unary(P.addRisk, add, metadata: api.metadata) }
        #expect(invalid?.code == .invalidArgument && invalid?.message.hasPrefix("likelihood") == true)
        var list = ProjectsV1.ListRisksRequest()
        list.projectID = project.id
        #expect(try await api.client.unary(P.listRisks, list, metadata: api.metadata).risks.map(\.id) == [high.id, low.id])

        // ClassifyWork from signals and from a task.
        var classify = ProjectsV1.ClassifyWorkRequest()
        var signals = ProjectsV1.WorkSignals()
        signals.expectedDurationDays = 2
        signals.peopleCount = 1
        classify.subject = .signals(signals)
        let small = try await api.client.unary(P.classifyWork, classify, metadata: api.metadata)
        #expect(small.kind.rawValue == 1 && small.reasons.count == 1)
        signals.expectedDurationDays = 15
        signals.needsApproval = true
        classify.subject = .signals(signals)
        let big = try await api.client.unary(P.classifyWork, classify, metadata: api.metadata)
        #expect(big.kind.rawValue == 2 && big.reasons.count == 2, "\(big.reasons)")
        let blocker = try await api.tasks.create("Sign the lease") { $0.owner = "lee" }
        let task = try await api.tasks.create("Move the office") {
            $0.owner = "bob"
            $0.estimateDays = 3
            $0.dueDate = date(2030, 3, 1)
        }
        _ = try await api.tasks.addBlocker(task.id, blockingTaskID: blocker.id)
        classify.subject = .taskID(task.id)
        let derived = try await api.client.unary(P.classifyWork, classify, metadata: api.metadata)
        #expect(derived.kind.rawValue == 2 && derived.signals?.peopleCount == 2 && derived.signals?.hasDependencies == true)

        // PromoteTask: one project, the task its first work item; a retry answers the same.
        var promote = ProjectsV1.PromoteTaskRequest()
        promote.taskID = task.id
        promote.outcome = "Everyone works from the new office"
        let promoted = try await api.client.unary(P.promoteTask, promote, metadata: api.metadata)
        #expect(promoted.project?.name == "Move the office" && promoted.project?.owner == "bob")
        #expect(promoted.project?.targetDate == date(2030, 3, 1) && promoted.task?.projectID == promoted.project?.id)
        #expect(promoted.task?.id == task.id && promoted.task?.blockers.count == 1, "the task keeps its id and history")
        let retried = try await api.client.unary(P.promoteTask, promote, metadata: api.metadata)
        #expect(retried.project?.id == promoted.project?.id)
        var projects = ProjectsV1.ListProjectsRequest()
        projects.owner = "bob"
        #expect(try await api.client.unary(P.listProjects, projects, metadata: api.metadata).projects.count == 1)
        let elsewhere = try await api.tasks.create("Already planned")
        var other = ProjectsV1.PromoteTaskRequest()
        other.taskID = promoted.task!.id
        other.requestID = "another"
        let inProject = await failure { try await api.client.unary(P.promoteTask, other, metadata: api.metadata) }
        #expect(inProject?.code == .failedPrecondition)
        other.taskID = elsewhere.id
        let promotedElsewhere = try await api.client.unary(P.promoteTask, other, metadata: api.metadata)
        #expect(promotedElsewhere.project?.id != nil && promotedElsewhere.task?.projectID == promotedElsewhere.project?.id)
        #expect(promotedElsewhere.project?.id != promoted.project?.id, "another task makes another project")
    }

    @Test("The status report rolls task execution up into delivery and detects the risks on the critical path")
    func statusReport() async throws {
        let deployment = try await Deployment.start()
        defer { Task { await deployment.shutdown() } }
        let api = try await ProjectAPI.make(deployment, slug: "report")
        let today = TenantCalendar.today(timeZone: "UTC")
        // Started a week ago; due in three weeks.
        let project = try await api.createProject("Product launch", start: date(today.adding(days: -7)), target: date(today.adding(days: 21)))
        let build = try await api.addPhase(project.id, "Build")
        var rough = ProjectsV1.AddPhaseRequest()
        rough.projectID = project.id
        rough.name = "Rollout"
        rough.depth = .init(rawValue: 2)
        rough.roughEstimateDays = 6
        _ = try await api.client.unary(P.addPhase, rough, metadata: api.metadata)
        let done = try await api.addWorkItem(project.id, phase: build.id, "Prototype", days: 4, owner: "bob")
        let late = try await api.addWorkItem(project.id, phase: build.id, "Firmware", days: 3, owner: "bob")
        let orphan = try await api.addWorkItem(project.id, phase: build.id, "Packaging", days: 2, owner: "")
        _ = try await api.tasks.setStatus(done.id, .done)
        var due = TasksV1.Task()
        due.id = late.id
        due.dueDate = date(today.adding(days: -1))
        _ = try await api.tasks.update(due, ["due_date"])
        _ = try await api.tasks.addBlocker(orphan.id, "waiting for the supplier")
        let launch = try await api.addMilestone(project.id, "Launch", target: date(today.adding(days: 1)))
        try await api.link(project.id, ProjectAPI.task(late.id), ProjectAPI.milestone(launch.id))
        var member = ProjectsV1.AddMemberRequest()
        member.projectID = project.id
        member.user = "vera"
        member.role = .approver
        _ = try await api.client.unary(P.addMember, member, metadata: api.metadata)
        var approval = ProjectsV1.RequestApprovalRequest()
        approval.milestoneID = launch.id
        approval.approver = "vera"
        _ = try await api.client.unary(P.requestApproval, approval, metadata: api.metadata)
        var risk = ProjectsV1.AddRiskRequest()
        risk.projectID = project.id
        risk.title = "Supplier delay"
        risk.likelihood = 3
        risk.impact = 5
        _ = try await api.client.unary(P.addRisk, risk, metadata: api.metadata)

        var request = ProjectsV1.GetStatusReportRequest()
        request.projectID = project.id
        let report = try await api.client.unary(P.getStatusReport, request, metadata: api.metadata).report!
        // 4 + 3 + 2 estimated days of tasks plus the rough phase's 6; 4 of them done.
        #expect(report.progress?.totalEstimateDays == 15 && report.progress?.doneEstimateDays == 4)
        #expect(report.progress?.doneTasks == 1 && report.progress?.totalTasks == 3)
        #expect(report.phases.map(\.name) == ["Build", "Rollout"] && report.phases[1].progress?.totalEstimateDays == 6)
        #expect(report.milestones.first?.progress?.totalTasks == 1, "Launch depends on the firmware only")
        #expect(report.overdueTasks.map(\.taskID) == [late.id])
        #expect(report.blockedTasks.map(\.taskID) == [orphan.id] && report.unownedTasks.map(\.taskID) == [orphan.id])
        #expect(report.risks.map(\.title) == ["Supplier delay"])
        let kinds = Set(report.detectedRisks.map(\.kind.rawValue))
        #expect(kinds.isSuperset(of: [3, 4, 5, 7]), "overdue, blocked, unowned, pending approval: \(report.detectedRisks.map(\.description))")
        // At risk, not off track: the forecast finish is well before the target.
        #expect(report.health.rawValue == 2, "\(report.healthReasons)")
        #expect(report.healthReasons.contains { $0.contains("overdue") } && report.healthReasons.contains { $0.contains("blocked") })
        #expect(report.workload.map(\.user).contains("bob") && report.workload.first { $0.user == "bob" }?.workload?.overdue == 1)
    }
}

