// The assistant's one tool. `llmobs.wrap` makes every call a `tool` span, with the arguments as its input
// and the result as its output.
import type OpenAI from 'openai';
import { llmobs } from 'otel-llmobs';

export interface WeatherQuery {
  city: string;
  day?: 'today' | 'tomorrow';
}

export interface Weather {
  city: string;
  day: string;
  forecast: string;
  low_c: number;
  high_c: number;
  chance_of_rain: string;
}

const FORECASTS: Record<string, Omit<Weather, 'city' | 'day'>> = {
  lyon: { forecast: 'light rain', low_c: 14, high_c: 19, chance_of_rain: '70%' },
  paris: { forecast: 'cloudy', low_c: 12, high_c: 17, chance_of_rain: '30%' },
  marseille: { forecast: 'sunny', low_c: 18, high_c: 26, chance_of_rain: '5%' },
};

export const getWeather = llmobs.wrap({ kind: 'tool', name: 'get_weather' }, async function getWeather(query: WeatherQuery): Promise<Weather> {
  await new Promise((resolve) => setTimeout(resolve, 5)); // a weather API would take a moment
  const forecast = FORECASTS[query.city.toLowerCase()] ?? { forecast: 'partly cloudy', low_c: 13, high_c: 20, chance_of_rain: '20%' };
  return { city: query.city, day: query.day ?? 'today', ...forecast };
});

/** What the model is told about the tool (OpenAI's function-calling format). */
export const WEATHER_TOOL: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather forecast for a city, today or tomorrow',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, day: { type: 'string', enum: ['today', 'tomorrow'] } },
      required: ['city'],
    },
  },
};
