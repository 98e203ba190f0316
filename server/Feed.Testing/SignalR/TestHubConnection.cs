using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Feed.Testing.SignalR;

/// <summary>
/// A hub connection without a network: what the server writes lands in a pipe that this reads
/// back as (target, first argument) pairs. JSON text, so any JSON-based protocol works.
/// </summary>
public sealed class TestHubConnection : IAsyncDisposable
{
    private readonly DuplexPipe.Pair _pipes;
    private readonly List<(string Target, string? Argument)> _received = [];
    private readonly Task _reading;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TestHubConnection(string? userId = null, IHubProtocol? protocol = null, PipeOptions? output = null)
    {
        _pipes = DuplexPipe.CreatePair(new PipeOptions(), output ?? new PipeOptions());
        var connection = new DefaultConnectionContext(Guid.NewGuid().ToString("N"), _pipes.Transport, _pipes.Application);
        Context = new HubConnectionContext(connection, new HubConnectionContextOptions
        {
            KeepAliveInterval = TimeSpan.FromMinutes(1),
            ClientTimeoutInterval = TimeSpan.FromMinutes(2),
        }, NullLoggerFactory.Instance)
        {
            Protocol = protocol ?? new JsonHubProtocol(),
            UserIdentifier = userId,
        };
        if (output is null)
        {
            _reading = ReadAsync();
        }
        else
        {
            _reading = Task.CompletedTask; // a reader that never reads: writes pile up
        }
    }

    public HubConnectionContext Context { get; }

    public string Id => Context.ConnectionId;

    public IReadOnlyList<(string Target, string? Argument)> Received
    {
        get { lock (_received) { return [.. _received]; } }
    }

    public IReadOnlyList<string?> ArgumentsOf(string target) => [.. Received.Where(m => m.Target == target).Select(m => m.Argument)];

    /// <summary>Waits until the connection received a message with this argument.</summary>
    public Task WaitForAsync(string argument) => WaitAsync(r => r.Any(m => m.Argument == argument), $"'{argument}'");

    public async Task WaitAsync(Func<IReadOnlyList<(string Target, string? Argument)>, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Within.Limit);
        while (true)
        {
            Task changed;
            lock (_received)
            {
                changed = _changed.Task;
            }
            if (condition(Received))
            {
                return;
            }
            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"connection {Id} never got {what}; it got: {string.Join(", ", Received.Select(r => r.Argument))}");
            }
        }
    }

    private async Task ReadAsync()
    {
        var input = _pipes.Application.Input;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            while (buffer.PositionOf((byte)0x1e) is { } end)
            {
                Add(Encoding.UTF8.GetString(buffer.Slice(0, end)));
                buffer = buffer.Slice(buffer.GetPosition(1, end));
            }
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    private void Add(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (!root.TryGetProperty("target", out var target))
        {
            return;
        }
        var args = root.GetProperty("arguments");
        var first = args.GetArrayLength() > 0 ? args[0].ToString() : null;
        TaskCompletionSource previous;
        lock (_received)
        {
            _received.Add((target.GetString()!, first));
            previous = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        _pipes.Application.Input.CancelPendingRead();
        await _reading;
    }
}
