import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength } from 'class-validator';
import { Access } from './access.decorator';
import { Caller, CurrentCaller } from './caller';
import { SessionsService } from './sessions.service';

class LoginDto {
  @ApiProperty() @IsEmail() @MaxLength(320) email!: string;
  @ApiProperty() @IsString() @MaxLength(500) password!: string;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly sessions: SessionsService) {}

  @Post('login')
  @HttpCode(200)
  @Access('public')
  async login(@Body() body: LoginDto) {
    const { accessToken, expiresAt, caller } = await this.sessions.login(body.email, body.password);
    return {
      accessToken,
      expiresAt,
      operator: { id: caller.operatorId, email: caller.email, role: caller.role },
    };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @Access('authenticated')
  async logout(@CurrentCaller() caller: Caller) {
    await this.sessions.logout(caller);
  }

  @Get('me')
  @ApiBearerAuth()
  @Access('authenticated')
  me(@CurrentCaller() caller: Caller) {
    return {
      id: caller.operatorId,
      email: caller.email,
      role: caller.role,
      tenantIds: [...caller.tenantIds],
    };
  }
}
