extension ProjectsV1 {
    /// Projects and everything planned inside them; reads need the `read` scope, changes `write`.
    public enum ProjectService {
        public static let name = "tandem.projects.v1.ProjectService"
        public static let createProject = MethodDescriptor<CreateProjectRequest, CreateProjectResponse>(
            service: name, method: "CreateProject", kind: .unary)
        public static let getProject = MethodDescriptor<GetProjectRequest, GetProjectResponse>(
            service: name, method: "GetProject", kind: .unary)
        public static let listProjects = MethodDescriptor<ListProjectsRequest, ListProjectsResponse>(
            service: name, method: "ListProjects", kind: .unary)
        public static let updateProject = MethodDescriptor<UpdateProjectRequest, UpdateProjectResponse>(
            service: name, method: "UpdateProject", kind: .unary)
        public static let archiveProject = MethodDescriptor<ArchiveProjectRequest, ArchiveProjectResponse>(
            service: name, method: "ArchiveProject", kind: .unary)
        public static let addPhase = MethodDescriptor<AddPhaseRequest, AddPhaseResponse>(
            service: name, method: "AddPhase", kind: .unary)
        public static let listPhases = MethodDescriptor<ListPhasesRequest, ListPhasesResponse>(
            service: name, method: "ListPhases", kind: .unary)
        public static let addMilestone = MethodDescriptor<AddMilestoneRequest, AddMilestoneResponse>(
            service: name, method: "AddMilestone", kind: .unary)
        public static let updateMilestone = MethodDescriptor<UpdateMilestoneRequest, UpdateMilestoneResponse>(
            service: name, method: "UpdateMilestone", kind: .unary)
        public static let listMilestones = MethodDescriptor<ListMilestonesRequest, ListMilestonesResponse>(
            service: name, method: "ListMilestones", kind: .unary)
        public static let addMember = MethodDescriptor<AddMemberRequest, AddMemberResponse>(
            service: name, method: "AddMember", kind: .unary)
        public static let removeMember = MethodDescriptor<RemoveMemberRequest, RemoveMemberResponse>(
            service: name, method: "RemoveMember", kind: .unary)
        public static let listMembers = MethodDescriptor<ListMembersRequest, ListMembersResponse>(
            service: name, method: "ListMembers", kind: .unary)
        public static let addWorkItem = MethodDescriptor<AddWorkItemRequest, AddWorkItemResponse>(
            service: name, method: "AddWorkItem", kind: .unary)
        public static let addDependency = MethodDescriptor<AddDependencyRequest, AddDependencyResponse>(
            service: name, method: "AddDependency", kind: .unary)
        public static let removeDependency = MethodDescriptor<RemoveDependencyRequest, RemoveDependencyResponse>(
            service: name, method: "RemoveDependency", kind: .unary)
        public static let listDependencies = MethodDescriptor<ListDependenciesRequest, ListDependenciesResponse>(
            service: name, method: "ListDependencies", kind: .unary)
        public static let getSchedule = MethodDescriptor<GetScheduleRequest, GetScheduleResponse>(
            service: name, method: "GetSchedule", kind: .unary)
        public static let requestApproval = MethodDescriptor<RequestApprovalRequest, RequestApprovalResponse>(
            service: name, method: "RequestApproval", kind: .unary)
        public static let decideApproval = MethodDescriptor<DecideApprovalRequest, DecideApprovalResponse>(
            service: name, method: "DecideApproval", kind: .unary)
        public static let listApprovals = MethodDescriptor<ListApprovalsRequest, ListApprovalsResponse>(
            service: name, method: "ListApprovals", kind: .unary)
        public static let addRisk = MethodDescriptor<AddRiskRequest, AddRiskResponse>(
            service: name, method: "AddRisk", kind: .unary)
        public static let updateRisk = MethodDescriptor<UpdateRiskRequest, UpdateRiskResponse>(
            service: name, method: "UpdateRisk", kind: .unary)
        public static let listRisks = MethodDescriptor<ListRisksRequest, ListRisksResponse>(
            service: name, method: "ListRisks", kind: .unary)
        public static let getStatusReport = MethodDescriptor<GetStatusReportRequest, GetStatusReportResponse>(
            service: name, method: "GetStatusReport", kind: .unary)
        public static let classifyWork = MethodDescriptor<ClassifyWorkRequest, ClassifyWorkResponse>(
            service: name, method: "ClassifyWork", kind: .unary)
        public static let promoteTask = MethodDescriptor<PromoteTaskRequest, PromoteTaskResponse>(
            service: name, method: "PromoteTask", kind: .unary)
        public static let descriptor = ServiceDescriptor(
            name: name,
            methods: [
                createProject.info, getProject.info, listProjects.info, updateProject.info, archiveProject.info,
                addPhase.info, listPhases.info, addMilestone.info, updateMilestone.info, listMilestones.info,
                addMember.info, removeMember.info, listMembers.info, addWorkItem.info, addDependency.info,
                removeDependency.info, listDependencies.info, getSchedule.info, requestApproval.info,
                decideApproval.info, listApprovals.info, addRisk.info, updateRisk.info, listRisks.info,
                getStatusReport.info, classifyWork.info, promoteTask.info,
            ])
    }
}
