using Microsoft.AspNetCore.SignalR;

namespace Feed.Redis.Tests.Backplane;

public sealed class TestHub : Hub;

public sealed class OtherHub : Hub;
