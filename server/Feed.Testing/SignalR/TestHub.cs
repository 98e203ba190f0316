using Microsoft.AspNetCore.SignalR;

namespace Feed.Testing.SignalR;

public sealed class TestHub : Hub;

public sealed class OtherHub : Hub;
