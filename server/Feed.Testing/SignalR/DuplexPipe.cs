using System.IO.Pipelines;

namespace Feed.Testing.SignalR;

/// <summary>Two pipes crossed: what one side writes, the other reads.</summary>
public sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;

    /// <summary>Transport: the server's side. Application: the client's side.</summary>
    public sealed record Pair(IDuplexPipe Transport, IDuplexPipe Application);

    public static Pair CreatePair(PipeOptions toServer, PipeOptions toClient)
    {
        var input = new Pipe(toServer);
        var output = new Pipe(toClient);
        return new Pair(new DuplexPipe(input.Reader, output.Writer), new DuplexPipe(output.Reader, input.Writer));
    }
}
