/// `tandem.projects.v1`.
public enum ProjectsV1: SchemaNamespace {
    public static var messageTypes: [any ProtoMessage.Type] {
        [
            Project.self, WorkingCalendar.self, Phase.self, Milestone.self, Member.self, ItemRef.self, Dependency.self,
            Approval.self, Risk.self, Schedule.self, ScheduledItem.self, MilestoneForecast.self, StatusReport.self,
            Progress.self, PhaseProgress.self, MilestoneProgress.self, WorkItemSummary.self, MemberWorkload.self,
            DetectedRisk.self, WorkSignals.self, CreateProjectRequest.self, CreateProjectResponse.self,
            GetProjectRequest.self, GetProjectResponse.self, ListProjectsRequest.self, ListProjectsResponse.self,
            UpdateProjectRequest.self, UpdateProjectResponse.self, ArchiveProjectRequest.self,
            ArchiveProjectResponse.self, AddPhaseRequest.self, AddPhaseResponse.self, ListPhasesRequest.self,
            ListPhasesResponse.self, AddMilestoneRequest.self, AddMilestoneResponse.self, UpdateMilestoneRequest.self,
            UpdateMilestoneResponse.self, ListMilestonesRequest.self, ListMilestonesResponse.self,
            AddMemberRequest.self, AddMemberResponse.self, RemoveMemberRequest.self, RemoveMemberResponse.self,
            ListMembersRequest.self, ListMembersResponse.self, AddWorkItemRequest.self, AddWorkItemResponse.self,
            AddDependencyRequest.self, AddDependencyResponse.self, RemoveDependencyRequest.self,
            RemoveDependencyResponse.self, ListDependenciesRequest.self, ListDependenciesResponse.self,
            GetScheduleRequest.self, GetScheduleResponse.self, RequestApprovalRequest.self,
            RequestApprovalResponse.self, DecideApprovalRequest.self, DecideApprovalResponse.self,
            ListApprovalsRequest.self, ListApprovalsResponse.self, AddRiskRequest.self, AddRiskResponse.self,
            UpdateRiskRequest.self, UpdateRiskResponse.self, ListRisksRequest.self, ListRisksResponse.self,
            GetStatusReportRequest.self, GetStatusReportResponse.self, ClassifyWorkRequest.self,
            ClassifyWorkResponse.self, PromoteTaskRequest.self, PromoteTaskResponse.self,
        ]
    }

    public static var enumTypes: [any ProtoEnum.Type] {
        [
            ProjectStatus.self, PhaseDepth.self, MemberRole.self, DependencyType.self, ApprovalState.self,
            RiskStatus.self, Health.self, DetectedRiskKind.self, WorkKind.self,
        ]
    }

    public static var services: [ServiceDescriptor] {
        [ProjectService.descriptor]
    }
}
