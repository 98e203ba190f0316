using Feed.Server;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddFeed(builder.Configuration, builder.Environment);
// Demo users, posts and activity in the in-memory store (nothing with MongoDB configured).
builder.Services.AddFeedDemo(builder.Configuration);

var app = builder.Build();
app.MapFeed();
app.Run();

/// <summary>Entry point; public so integration tests can reference the assembly.</summary>
public partial class Program;
