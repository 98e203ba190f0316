using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Feed.SignalR;

namespace Feed.Redis.Internal.Backplane;

/// <summary>
/// Group commands to every instance, each acknowledged by every instance: a command goes out on
/// <see cref="RedisChannels.GroupManagement"/>, each instance applies it to its own connections
/// (the sender applied it before sending) and acks it on the sender's
/// <see cref="RedisChannels.Ack"/> channel; the sender waits for as many acks as SPUBLISH had
/// receivers (itself included, so the count is exact). Commands from others are applied one at a
/// time, in arrival order, off the channel's queue (applying may subscribe and wait); a command
/// that fails in any way (Redis refusing the ack after an ACL change, say) is logged and the next
/// one is handled as usual.
/// </summary>
internal sealed class GroupCommandBus
{
    private readonly ISubscriber _publisher;
    private readonly ChannelSubscriptions _subscriptions;
    private readonly RedisChannels _channels;
    private readonly string _serverName;
    private readonly TimeSpan _ackTimeout;
    private readonly Func<GroupCommand, Task> _apply;
    private readonly ILogger _logger;
    private readonly AckHandler _acks = new();
    private readonly Channel<GroupCommand> _commands = Channel.CreateUnbounded<GroupCommand>(new UnboundedChannelOptions { SingleReader = true });

    /// <param name="apply">Applies a command from another instance to this instance's connections.</param>
    public GroupCommandBus(ISubscriber publisher, ChannelSubscriptions subscriptions, RedisChannels channels, string serverName,
        TimeSpan ackTimeout, Func<GroupCommand, Task> apply, ILogger logger)
    {
        (_publisher, _subscriptions, _channels, _serverName, _ackTimeout, _apply, _logger) =
            (publisher, subscriptions, channels, serverName, ackTimeout, apply, logger);
        _ = Task.Run(RunAsync);
    }

    public async Task StartAsync()
    {
        await _subscriptions.AddAsync(_channels.GroupManagement, OnCommand);
        await _subscriptions.AddAsync(_channels.Ack(_serverName), OnAck);
    }

    /// <summary>Sends a command the caller already applied here; returns once every instance acked it.</summary>
    /// <exception cref="BackplaneUnavailableException">Redis is unreachable.</exception>
    /// <exception cref="TimeoutException">Some instance did not acknowledge in time.</exception>
    public async Task SendAsync(GroupAction action, string group, string target, CancellationToken cancellationToken)
    {
        var ack = _acks.Create();
        try
        {
            var payload = new ArrayBufferWriter<byte>(128);
            BackplaneProtocol.WriteGroupCommand(payload, new GroupCommand(ack.Id, _serverName, action, group, target));
            long receivers;
            try
            {
                receivers = await _publisher.PublishAsync(_channels.GroupManagement, payload.WrittenMemory).WaitAsync(cancellationToken);
            }
            catch (Exception e) when (RedisErrors.IsUnavailable(e))
            {
                throw RedisErrors.Unavailable(e);
            }
            await _acks.WaitAsync(ack, receivers, _ackTimeout, cancellationToken);
        }
        finally
        {
            _acks.Forget(ack);
        }
    }

    public void Stop() => _commands.Writer.TryComplete();

    private void OnCommand(RedisChannel channel, ReadOnlyMemory<byte> payload)
    {
        try
        {
            _commands.Writer.TryWrite(BackplaneProtocol.ReadGroupCommand(payload));
        }
        catch (InvalidDataException e)
        {
            BackplaneLog.BadMessage(_logger, channel.ToString(), e);
        }
    }

    private void OnAck(RedisChannel channel, ReadOnlyMemory<byte> payload)
    {
        try
        {
            _acks.OnAck(BackplaneProtocol.ReadAck(payload));
        }
        catch (InvalidDataException e)
        {
            BackplaneLog.BadMessage(_logger, channel.ToString(), e);
        }
    }

    private async Task RunAsync()
    {
        await foreach (var command in _commands.Reader.ReadAllAsync())
        {
            try
            {
                await HandleAsync(command);
            }
            catch (Exception e)
            {
                // This loop is the only one applying and acking other instances' commands: if it
                // stopped, their follows would time out from now on. It logs and goes on.
                BackplaneLog.GroupCommandLoopFailed(_logger, command.Id, command.Origin, e);
            }
        }
    }

    private async Task HandleAsync(GroupCommand command)
    {
        // The sender applied its own command before publishing it: it only acks.
        if (command.Origin != _serverName)
        {
            try
            {
                await _apply(command);
            }
            catch (Exception e)
            {
                BackplaneLog.GroupCommandFailed(_logger, command.Action.ToString(), command.Target, command.Group, e);
            }
        }
        try
        {
            var payload = new ArrayBufferWriter<byte>(16);
            BackplaneProtocol.WriteAck(payload, command.Id);
            await _publisher.PublishAsync(_channels.Ack(command.Origin), payload.WrittenMemory);
        }
        catch (Exception e) when (RedisErrors.IsUnavailable(e))
        {
            BackplaneLog.AckFailed(_logger, command.Id, command.Origin, e.Message);
        }
    }
}
