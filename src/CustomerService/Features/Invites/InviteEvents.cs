using CustomerService.Infrastructure.Outbox;

namespace CustomerService.Features.Invites;

/// <summary>What a notification service needs to send the invitation email.</summary>
public sealed record InviteCreatedEvent(long InviteId, long CustomerId, string Email, string Name, string AcceptUrl, DateTime ExpiresAt) : IDomainEvent;

public sealed record InviteAcceptedEvent(long InviteId, long CustomerId, string Subject, DateTime AcceptedAt) : IDomainEvent;
