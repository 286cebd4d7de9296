"""Drives a Secrets Manager endpoint with boto3 through all 23 operations of the service.

Run by test/local/boto3.test.ts against the emulator:

    python3 boto3-operations.py ENDPOINT ROTATION_LAMBDA_ARN

Credentials and Region come from the environment. Every call must succeed and parse; the
script prints one JSON object on stdout: for each operation, the output members boto3 gave
(ResponseMetadata left out) and the Python type of each, and for two refused calls, what boto3
made of the error. Any unexpected exception ends it with a non-zero status.
"""

import datetime
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, rotation_lambda_arn = sys.argv[1], sys.argv[2]
client = boto3.client(
    "secretsmanager",
    endpoint_url=endpoint,
    config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=20),
)
calls = {}


def call(operation, **params):
    """Calls one operation, recording the members and types of its parsed answer."""
    method = getattr(client, "_".join(part.lower() for part in split_words(operation)))
    answer = method(**params)
    answer.pop("ResponseMetadata", None)
    calls[operation] = {member: type(value).__name__ for member, value in answer.items()}
    return answer


def split_words(name):
    words, current = [], ""
    for character in name:
        if character.isupper() and current:
            words.append(current)
            current = ""
        current += character
    return words + [current]


def refused(label, operation, **params):
    """Calls an operation that must fail, recording what boto3 read from the error."""
    try:
        call(operation, **params)
    except ClientError as error:
        errors[label] = {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"]["Message"],
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            # boto3 copies a modeled error's Message member to the top level.
            "topLevelMessage": error.response.get("Message"),
        }
        return
    raise AssertionError(f"{label}: the call succeeded")


errors = {}
name = "boto3/app"
password = call("GetRandomPassword", PasswordLength=24)["RandomPassword"]
created = call(
    "CreateSecret",
    Name=name,
    SecretString=password,
    Description="driven by boto3",
    Tags=[{"Key": "team", "Value": "payments"}],
)
arn = created["ARN"]
call("DescribeSecret", SecretId=name)
value = call("GetSecretValue", SecretId=name)
assert value["SecretString"] == password
assert isinstance(value["CreatedDate"], datetime.datetime)
binary = call("PutSecretValue", SecretId=name, SecretBinary=b"\x00\x01\xff")
read_back = client.get_secret_value(SecretId=name)["SecretBinary"]
assert read_back == b"\x00\x01\xff", read_back
call("UpdateSecret", SecretId=name, Description="still driven by boto3")
call(
    "UpdateSecretVersionStage",
    SecretId=name,
    VersionStage="blue",
    MoveToVersionId=binary["VersionId"],
)
call("ListSecretVersionIds", SecretId=name, IncludeDeprecated=True)
call("ListSecrets", Filters=[{"Key": "name", "Values": ["boto3/"]}], SortOrder="desc")
call("BatchGetSecretValue", SecretIdList=[name, "boto3/missing"])
call("TagResource", SecretId=name, Tags=[{"Key": "env", "Value": "test"}])
call("UntagResource", SecretId=name, TagKeys=["env"])
policy = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
)
call("PutResourcePolicy", SecretId=name, ResourcePolicy=policy, BlockPublicPolicy=True)
call("GetResourcePolicy", SecretId=name)
call("ValidateResourcePolicy", SecretId=name, ResourcePolicy=policy)
call("DeleteResourcePolicy", SecretId=name)
call(
    "RotateSecret",
    SecretId=name,
    RotationLambdaARN=rotation_lambda_arn,
    RotationRules={"AutomaticallyAfterDays": 30},
)
call("CancelRotateSecret", SecretId=name)
call(
    "ReplicateSecretToRegions",
    SecretId=name,
    AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "ap-south-1"}],
)
call("StopReplicationToReplica", SecretId=arn.replace(":us-east-1:", ":eu-west-1:"))
call("RemoveRegionsFromReplication", SecretId=name, RemoveReplicaRegions=["ap-south-1"])
call("DeleteSecret", SecretId=name, RecoveryWindowInDays=7)
call("RestoreSecret", SecretId=name)

refused("missing secret", "DescribeSecret", SecretId="boto3/absent")
refused("invalid name", "DescribeSecret", SecretId="not a name")

print(json.dumps({"calls": calls, "errors": errors}))
