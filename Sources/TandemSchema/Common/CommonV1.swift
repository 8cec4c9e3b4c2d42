/// `tandem.common.v1`.
public enum CommonV1: SchemaNamespace {
    public static var messageTypes: [any ProtoMessage.Type] {
        [
            Date.self, Event.self, DeliverEventsRequest.self, DeliverEventsResponse.self,
            TaskCreated.self, TaskAssigned.self, TaskStatusChanged.self, TaskBlocked.self, TaskUnblocked.self,
            TaskDueSoon.self, TaskOverdue.self, TaskUpdated.self, TaskDeleted.self,
            DependencyReady.self, MilestoneAtRisk.self, ApprovalRequested.self, ApprovalDecided.self,
        ]
    }

    public static var enumTypes: [any ProtoEnum.Type] {
        [Weekday.self]
    }

    public static var services: [ServiceDescriptor] {
        [EventSink.descriptor]
    }
}
