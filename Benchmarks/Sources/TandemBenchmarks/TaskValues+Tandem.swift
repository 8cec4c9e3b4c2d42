import TandemSchema

/// The same values in Tandem's schema types.
extension TaskValues {
    var tandemTask: TasksV1.Task {
        TasksV1.Task { task in
            task.id = id
            task.title = title
            task.description = description
            task.owner = owner
            task.status = TasksV1.TaskStatus(rawValue: status)
            task.priority = TasksV1.Priority(rawValue: priority)
            task.dueDate = CommonV1.Date {
                $0.year = dueDate.year; $0.month = dueDate.month; $0.day = dueDate.day
            }
            task.estimateDays = estimateDays
            task.labels = labels
            task.projectID = projectID
            task.phaseID = phaseID
            task.recurrence = TasksV1.Recurrence {
                $0.frequency = TasksV1.RecurrenceFrequency(rawValue: frequency)
                $0.interval = interval
                $0.weekdays = weekdays.map(CommonV1.Weekday.init(rawValue:))
                $0.dayOfMonth = dayOfMonth
                $0.end = .until(
                    CommonV1.Date {
                        $0.year = until.year; $0.month = until.month; $0.day = until.day
                    })
                $0.anchor = TasksV1.RecurrenceAnchor(rawValue: anchor)
                $0.seriesID = seriesID
                $0.occurrence = occurrence
            }
            task.blockers = blockers.map { blocker in
                TasksV1.Blocker {
                    $0.id = blocker.id
                    $0.description = blocker.description
                    $0.blockingTaskID = blocker.blockingTaskID
                    $0.resolved = blocker.resolved
                    $0.createdAt = blocker.createdAt.tandem
                    $0.createdBy = blocker.createdBy
                    $0.resolvedAt = blocker.resolvedAt.tandem
                    $0.resolvedBy = blocker.resolvedBy
                }
            }
            task.version = version
            task.createdAt = createdAt.tandem
            task.createdBy = createdBy
            task.updatedAt = updatedAt.tandem
            task.updatedBy = updatedBy
            task.completedAt = completedAt.tandem
            task.archived = archived
            task.archivedAt = archivedAt.tandem
        }
    }
}

extension TaskValues.Timestamp {
    var tandem: GoogleProtobuf.Timestamp {
        GoogleProtobuf.Timestamp(seconds: seconds, nanos: nanos)
    }
}
