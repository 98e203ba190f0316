using Feed.Server;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddFeed(builder.Configuration, builder.Environment);

var app = builder.Build();
app.MapFeed();
app.Run();

/// <summary>Entry point; public so integration tests can reference the assembly.</summary>
public partial class Program;
