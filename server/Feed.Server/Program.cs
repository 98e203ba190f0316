using Feed.Server;

var builder = WebApplication.CreateBuilder(args);

// The request log would print the WebSocket URL, whose query carries the access token.
builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
builder.Services.AddFeed(builder.Configuration, builder.Environment);

var app = builder.Build();
app.MapFeed();
app.Run();

/// <summary>Entry point; public so integration tests can reference the assembly.</summary>
public partial class Program;
