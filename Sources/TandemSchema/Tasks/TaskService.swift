extension TasksV1 {
    /// Tasks, their blockers and recurrence, and per-owner workload; served by tandem-tasks.
    public enum TaskService {
        public static let name = "tandem.tasks.v1.TaskService"
        public static let createTask = MethodDescriptor<CreateTaskRequest, CreateTaskResponse>(
            service: name, method: "CreateTask", kind: .unary)
        public static let getTask = MethodDescriptor<GetTaskRequest, GetTaskResponse>(
            service: name, method: "GetTask", kind: .unary)
        public static let updateTask = MethodDescriptor<UpdateTaskRequest, UpdateTaskResponse>(
            service: name, method: "UpdateTask", kind: .unary)
        public static let setTaskStatus = MethodDescriptor<SetTaskStatusRequest, SetTaskStatusResponse>(
            service: name, method: "SetTaskStatus", kind: .unary)
        public static let addBlocker = MethodDescriptor<AddBlockerRequest, AddBlockerResponse>(
            service: name, method: "AddBlocker", kind: .unary)
        public static let resolveBlocker = MethodDescriptor<ResolveBlockerRequest, ResolveBlockerResponse>(
            service: name, method: "ResolveBlocker", kind: .unary)
        public static let listTasks = MethodDescriptor<ListTasksRequest, ListTasksResponse>(
            service: name, method: "ListTasks", kind: .unary)
        public static let deleteTask = MethodDescriptor<DeleteTaskRequest, DeleteTaskResponse>(
            service: name, method: "DeleteTask", kind: .unary)
        public static let getWorkload = MethodDescriptor<GetWorkloadRequest, GetWorkloadResponse>(
            service: name, method: "GetWorkload", kind: .unary)
        public static let descriptor = ServiceDescriptor(
            name: name,
            methods: [
                createTask.info, getTask.info, updateTask.info, setTaskStatus.info, addBlocker.info,
                resolveBlocker.info, listTasks.info, deleteTask.info, getWorkload.info,
            ])
    }
}
