using Feed.Mongo.Auth;

namespace Feed.Mongo.Tests.Auth;

/// <summary>The example exchanges of RFC 7677 (SHA-256) and RFC 5802 (SHA-1), byte for byte.</summary>
public sealed class ScramConversationTests
{
    [Fact]
    public void Rfc7677_scram_sha_256_example()
    {
        var conversation = new ScramConversation(ScramAlgorithm.Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", conversation.ClientFirstMessage);

        var clientFinal = conversation.ClientFinalMessage(
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Assert.Equal("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", clientFinal);

        conversation.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    [Fact]
    public void Rfc5802_scram_sha_1_example()
    {
        var conversation = new ScramConversation(ScramAlgorithm.Sha1, "user", "pencil", "fyko+d2lbbFgONRv9qkxdawL");
        Assert.Equal("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL", conversation.ClientFirstMessage);

        var clientFinal = conversation.ClientFinalMessage("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096");
        Assert.Equal("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=", clientFinal);

        conversation.VerifyServerFinal("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    }

    [Fact]
    public void Wrong_server_signature_is_rejected()
    {
        var conversation = new ScramConversation(ScramAlgorithm.Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        conversation.ClientFinalMessage("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        Assert.Throws<MongoAuthenticationException>(() => conversation.VerifyServerFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        Assert.Throws<MongoAuthenticationException>(() => conversation.VerifyServerFinal("e=invalid-proof"));
    }

    [Theory]
    [InlineData("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "nonce")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOmore,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000", "iteration")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOmore,i=4096", "'s='")]
    public void Bad_server_first_messages_are_rejected(string serverFirst, string expected)
    {
        var conversation = new ScramConversation(ScramAlgorithm.Sha256, "user", "pencil", "rOprNGfwEbeRWgbNEkqO");
        var error = Assert.Throws<MongoAuthenticationException>(() => conversation.ClientFinalMessage(serverFirst));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void User_names_are_escaped_and_sha1_uses_the_mongodb_password_digest()
    {
        Assert.Equal("n,,n=a=3Db=2Cc,r=x", new ScramConversation(ScramAlgorithm.Sha256, "a=b,c", "p", "x").ClientFirstMessage);
        // hex(MD5("user:mongo:pencil")), MongoDB's SCRAM-SHA-1 password.
        Assert.Equal("1c33006ec1ffd90f9cadcbcc0e118200", ScramAlgorithm.Sha1.PreparePassword("user", "pencil"));
        Assert.Equal("pencil", ScramAlgorithm.Sha256.PreparePassword("user", "pencil"));
        Assert.Equal("I X", ScramAlgorithm.Sha256.PreparePassword("user", "I\u00ADX".Replace("\u00AD", "\u00A0", StringComparison.Ordinal)));
    }
}
