import SwiftProtobuf

/// The same values in swift-protobuf's generated types.
extension TaskValues {
    var swiftProtobufTask: Tandem_Tasks_V1_Task {
        var task = Tandem_Tasks_V1_Task()
        task.id = id
        task.title = title
        task.description_p = description
        task.owner = owner
        task.status = Tandem_Tasks_V1_TaskStatus(rawValue: Int(status))!
        task.priority = Tandem_Tasks_V1_Priority(rawValue: Int(priority))!
        task.dueDate = .with {
            $0.year = dueDate.year; $0.month = dueDate.month; $0.day = dueDate.day
        }
        task.estimateDays = estimateDays
        task.labels = labels
        task.projectID = projectID
        task.phaseID = phaseID
        task.recurrence = .with {
            $0.frequency = Tandem_Tasks_V1_RecurrenceFrequency(rawValue: Int(frequency))!
            $0.interval = interval
            $0.weekdays = weekdays.map { Tandem_Common_V1_Weekday(rawValue: Int($0))! }
            $0.dayOfMonth = dayOfMonth
            $0.until = .with {
                $0.year = until.year; $0.month = until.month; $0.day = until.day
            }
            $0.anchor = Tandem_Tasks_V1_RecurrenceAnchor(rawValue: Int(anchor))!
            $0.seriesID = seriesID
            $0.occurrence = occurrence
        }
        task.blockers = blockers.map { blocker in
            .with {
                $0.id = blocker.id
                $0.description_p = blocker.description
                $0.blockingTaskID = blocker.blockingTaskID
                $0.resolved = blocker.resolved
                $0.createdAt = blocker.createdAt.swiftProtobuf
                $0.createdBy = blocker.createdBy
                $0.resolvedAt = blocker.resolvedAt.swiftProtobuf
                $0.resolvedBy = blocker.resolvedBy
            }
        }
        task.version = version
        task.createdAt = createdAt.swiftProtobuf
        task.createdBy = createdBy
        task.updatedAt = updatedAt.swiftProtobuf
        task.updatedBy = updatedBy
        task.completedAt = completedAt.swiftProtobuf
        task.archived = archived
        task.archivedAt = archivedAt.swiftProtobuf
        return task
    }
}

extension TaskValues.Timestamp {
    var swiftProtobuf: Google_Protobuf_Timestamp {
        Google_Protobuf_Timestamp(seconds: seconds, nanos: nanos)
    }
}
